package fi.lainaamo.report.export;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An export with more rows than a sheet holds goes on in further sheets, each with the header (sheets of 3 rows here). */
@QuarkusTest
@TestProfile(XlsxSheetsTest.SmallSheets.class)
class XlsxSheetsTest {

    public static class SmallSheets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lainaamo.reports.xlsx-sheet-rows", "3");
        }
    }

    @Test
    void rowsPastASheetGoOnInTheNext() throws Exception {
        UUID library = UUID.randomUUID();
        Events.libraryJoined(library, "951");
        for (int i = 0; i < 5; i++) {
            UUID title = UUID.randomUUID();
            Events.publication(title, "Nimeke " + i, "EBOOK", "fi", "ADULT", true, "WSOY", List.of());
            Events.loan(UUID.randomUUID(), title, "951", library, Events.at(LocalDate.of(2026, 8, 3), 12));
        }
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/v1/reports/loans/export?from=2026-08&to=2026-08&municipality=951").then().extract().asString().lines().count() == 6);
        byte[] file = given().auth().oauth2(admin).get("/v1/reports/loans/export?from=2026-08&to=2026-08&municipality=951&format=xlsx")
                .then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            assertEquals(3, workbook.getNumberOfSheets(), "5 rows in sheets of a header and 2 rows");
            assertEquals(List.of("Lainat", "Lainat 2", "Lainat 3"), List.of(workbook.getSheetName(0), workbook.getSheetName(1), workbook.getSheetName(2)));
            for (int i = 0; i < 3; i++) {
                assertEquals("Tekijä", workbook.getSheetAt(i).getRow(0).getCell(0).getStringCellValue());
            }
            assertEquals(2, workbook.getSheetAt(0).getLastRowNum());
            assertEquals(1, workbook.getSheetAt(2).getLastRowNum());
        }
    }
}
