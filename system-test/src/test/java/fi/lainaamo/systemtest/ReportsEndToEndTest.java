package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Borrows by residents of two municipalities reach each municipality's report within a minute, and neither's reaches
 * the other's; the XLSX export opens with the library that wrote it and has E-kirjasto's columns.
 */
class ReportsEndToEndTest {

    static final List<String> COLUMNS = List.of("Tekijä", "Nimeke", "Lajityyppi", "Tunniste", "Kirjasto", "Sijainti", "Formaatti",
            "Kategoria(t)", "Kohderyhmä", "Kieli", "Kustantaja", "Julkaisuvuosi", "Kaikki lainat");

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
    }

    @Test
    void borrowsShowUpInTheirOwnMunicipalitysReportOnly() throws Exception {
        String helsinki = SystemStack.patron(SystemStack.card("RHE"), "091");
        String tampere = SystemStack.patron(SystemStack.card("RTR"), "837");
        String helsinkiTitle = "Raportti Helsingistä " + UUID.randomUUID();
        String tampereTitle = "Raportti Tampereelta " + UUID.randomUUID();
        borrow(helsinki, SystemStack.title(helsinkiTitle, 3));
        borrow(tampere, SystemStack.title(tampereTitle, 3));

        String month = YearMonth.now(ZoneId.of("Europe/Helsinki")).toString();
        String admin = SystemStack.admin();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String helsinkiRows = csv(admin, month, "091");
            String tampereRows = csv(admin, month, "837");
            assertTrue(helsinkiRows.contains(helsinkiTitle), "Helsinki's loan in Helsinki's export: " + helsinkiRows);
            assertTrue(tampereRows.contains(tampereTitle), "Tampere's loan in Tampere's export: " + tampereRows);
            assertFalse(helsinkiRows.contains(tampereTitle), "Tampere's loan not in Helsinki's");
            assertFalse(tampereRows.contains(helsinkiTitle), "Helsinki's loan not in Tampere's");
        });
        for (String code : List.of("091", "837")) {
            int loans = given().auth().oauth2(admin).queryParam("from", month).queryParam("to", month)
                    .get(SystemStack.url(Service.REPORT, "/v1/reports/municipalities/" + code)).then().statusCode(200)
                    .extract().path("months[0].loans");
            assertTrue(loans >= 1, code + " has its loan in the month's count");
        }

        byte[] xlsx = given().auth().oauth2(admin)
                .get(SystemStack.url(Service.REPORT, "/v1/reports/loans/export?format=xlsx&from=" + month + "&to=" + month + "&municipality=091"))
                .then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertEquals(COLUMNS, header);
            List<String> titles = new ArrayList<>();
            for (Row row : sheet) {
                if (row.getRowNum() > 0) {
                    titles.add(row.getCell(1).getStringCellValue());
                    assertEquals("091", row.getCell(5).getStringCellValue());
                }
            }
            assertTrue(titles.contains(helsinkiTitle));
            assertFalse(titles.contains(tampereTitle));
        }
    }

    private static void borrow(String token, String title) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(token)
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("publicationId", title)).post(SystemStack.url(Service.LOAN, "/v1/loans")).statusCode() == 201);
    }

    private static String csv(String admin, String month, String municipality) {
        return given().auth().oauth2(admin).get(SystemStack.url(Service.REPORT, "/v1/reports/loans/export?from=" + month + "&to=" + month
                + "&municipality=" + municipality)).then().statusCode(200).extract().asString();
    }
}
