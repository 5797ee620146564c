package fi.lainaamo.report.export;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The E-kirjasto loan statistics as CSV and XLSX, with the small-cell rule, for the municipalities a caller may read. */
@QuarkusTest
class LoanExportTest {

    static final UUID LIBRARY = UUID.randomUUID();
    static final UUID OTHER_LIBRARY = UUID.randomUUID();
    static final String TOWN = "911";
    static final String OTHER_TOWN = "912";
    static final UUID POPULAR = UUID.randomUUID();
    static final UUID RARE = UUID.randomUUID();
    static final LocalDate MAY = LocalDate.of(2026, 5, 4);
    static final String HEADER = "Tekijä,Nimeke,Lajityyppi,Tunniste,Kirjasto,Sijainti,Formaatti,Kategoria(t),Kohderyhmä,Kieli,Kustantaja,"
            + "Julkaisuvuosi,Kaikki lainat";

    @BeforeAll
    static void loans() {
        Events.libraryJoined(LIBRARY, TOWN);
        Events.libraryJoined(OTHER_LIBRARY, OTHER_TOWN);
        Events.publication(POPULAR, "Seitsemän veljestä", "EBOOK", "fi", "ADULT", true, "SKS", List.of("klassikot", "romaanit"));
        Events.publication(RARE, "Sieniopas, \"uusi\" laitos", "AUDIOBOOK", "fi", "CHILDREN", false, "Otava", List.of());
        for (int i = 0; i < 4; i++) {
            Events.loan(UUID.randomUUID(), POPULAR, TOWN, LIBRARY, Events.at(MAY, 10 + i));
        }
        Events.loan(UUID.randomUUID(), RARE, TOWN, LIBRARY, Events.at(MAY, 16));
        Events.loan(UUID.randomUUID(), POPULAR, OTHER_TOWN, OTHER_LIBRARY, Events.at(MAY, 16));
    }

    /** Both loans counted and both titles described (the catalogue's topic is consumed apart from the loans'). */
    static boolean ready(String csv) {
        return csv.lines().count() == 3 && csv.contains("Seitsemän veljestä") && csv.contains("Sieniopas");
    }

    static String csv(String token, String query) {
        return given().auth().oauth2(token).when().get("/v1/reports/loans/export?" + query).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
    }

    @Test
    void csvHasTheEkirjastoColumnsAndWithholdsSmallCells() {
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(csv(admin, "from=2026-05&to=2026-05&municipality=" + TOWN)));
        List<String> lines = csv(admin, "from=2026-05&to=2026-05&municipality=" + TOWN).lines().toList();
        assertEquals("\uFEFF" + HEADER, lines.get(0));
        assertEquals("\"Kirjoittaja, Kaisa\",Seitsemän veljestä,Kaunokirjallisuus,978-951-0-00000-" + Math.abs(POPULAR.hashCode() % 10)
                + "," + LIBRARY + "," + TOWN + ",EBOOK,klassikot; romaanit,ADULT,fi,SKS,2024,4", lines.get(1));
        assertEquals("\"Kirjoittaja, Kaisa\",\"Sieniopas, \"\"uusi\"\" laitos\",Tietokirjallisuus,978-951-0-00000-"
                + Math.abs(RARE.hashCode() % 10) + "," + LIBRARY + "," + TOWN + ",AUDIOBOOK,,CHILDREN,fi,Otava,2024,< 3", lines.get(2));
    }

    @Test
    void aLibrarianExportsTheirOwnMunicipalitiesOnly() {
        String librarian = TestTokens.librarian(LIBRARY);
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(csv(librarian, "from=2026-05&to=2026-05")));
        assertEquals(List.of(true, true), csv(librarian, "from=2026-05&to=2026-05").lines().skip(1)
                .map(line -> line.contains("," + LIBRARY + "," + TOWN + ",")).toList(), "only the library's own municipality");
        given().auth().oauth2(librarian).when().get("/v1/reports/loans/export?from=2026-05&to=2026-05&municipality=" + OTHER_TOWN)
                .then().statusCode(403).body("code", equalTo("municipality-not-served"));
        given().auth().oauth2(TestTokens.patron(UUID.randomUUID(), TOWN, LIBRARY)).when()
                .get("/v1/reports/loans/export?from=2026-05&to=2026-05").then().statusCode(403);
        given().auth().oauth2(librarian).when().get("/v1/reports/loans/export?from=2026-05&to=2026-05&format=pdf")
                .then().statusCode(400);
    }

    @Test
    void xlsxOpensWithPoiAndHasTheSameRows() throws Exception {
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(csv(admin, "from=2026-05&to=2026-05&municipality=" + TOWN)));
        byte[] file = given().auth().oauth2(admin).when()
                .get("/v1/reports/loans/export?from=2026-05&to=2026-05&format=xlsx&municipality=" + TOWN + "," + OTHER_TOWN)
                .then().statusCode(200).contentType(startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertEquals(List.of(HEADER.split(",")), header);
            assertEquals(3, sheet.getLastRowNum(), "three rows: two titles in 911, one in 912");
            Row first = sheet.getRow(1);
            assertEquals("Seitsemän veljestä", first.getCell(1).getStringCellValue());
            assertEquals(4, (int) first.getCell(12).getNumericCellValue());
            assertEquals("< 3", sheet.getRow(2).getCell(12).getStringCellValue());
            assertEquals(OTHER_TOWN, sheet.getRow(3).getCell(5).getStringCellValue());
            assertEquals("< 3", sheet.getRow(3).getCell(12).getStringCellValue());
        }
    }
}
