package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.PublicationIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONIX imports as metadata staff run them: upload or server file, follow the job, read each record's outcome. */
@QuarkusTest
class ImportResourceTest {

    static final String ADMIN = TestTokens.consortiumAdmin();

    @Test
    void theFixturesImportTheEpubSkipThePaperbackAndASecondRunUpdates() throws Exception {
        // the fixture's ISBN is fixed, so the first run may meet a publication an earlier run left: imported or updated
        String message = OnixGenerator.message(OnixReaderTest.fixture("product-01.xml"), OnixReaderTest.fixture("product-02.xml"));
        String first = upload(message);
        var job = finished(first);
        assertEquals(2, (int) job.path("processed"));
        assertEquals(1, (int) job.path("imported") + (int) job.path("updated"));
        assertEquals(1, (int) job.path("skipped"));

        String id = PublicationIds.fromIdentifier("9789515174703").toString();
        given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records", first).then().statusCode(200)
                .body("items[0].isbn", equalTo("9789515174703"))
                .body("items[0].publicationId", equalTo(id))
                .body("items[1].outcome", equalTo("SKIPPED"))
                .body("items[1].reasonCode", equalTo("not-digital"))
                .body("items[1].reason", startsWith("not a digital product"));
        given().get("/v1/publications/{id}", id).then().statusCode(200)
                .body("title", equalTo("Esimerkkinimeke")).body("series.name", equalTo("Example series"))
                .body("contributors[0].role", equalTo("editor")).body("pages", equalTo(500));

        var second = finished(upload(message));
        assertEquals(1, (int) second.path("updated"));
    }

    @Test
    void aGeneratedBatchImportsWithEveryOutcomeCountedAndPrintsTheRate() throws Exception {
        Path dir = Files.createDirectories(importDir().resolve("generated"));
        Path file = dir.resolve("batch-" + UUID.randomUUID() + ".xml");
        int size = Integer.getInteger("lainaamo.bench.onix-products", 300);
        OnixGenerator.Mix mix = OnixGenerator.write(file, size, System.nanoTime());
        long started = System.nanoTime();
        String job = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("path", "generated/" + file.getFileName()))
                .post("/v1/imports/onix/file").then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/v1/imports/")).extract().path("id");
        // progress can be followed while it runs: processed only ever grows
        int[] lastSeen = {0};
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var now = given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).then().statusCode(200).extract();
            int processed = now.path("processed");
            assertTrue(processed >= lastSeen[0]);
            lastSeen[0] = processed;
            return !List.of("QUEUED", "RUNNING").contains(now.<String>path("status"));
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        var done = given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).then().extract();
        System.out.printf("ONIX import: %d products in %.2f s = %.0f products/s%n", size, seconds, size / seconds);

        assertEquals("FINISHED", done.path("status"));
        assertEquals(size, (int) done.path("processed"));
        assertEquals(mix.digital(), (int) done.path("imported") + (int) done.path("updated"));
        assertEquals(mix.broken(), (int) done.path("failed"));
        assertEquals(mix.printed() + mix.deletions(), (int) done.path("skipped") + (int) done.path("withdrawn"));
        assertTrue((int) done.path("withdrawn") > 0);

        List<String> reasons = given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records?outcome=FAILED&limit=1000", job)
                .then().statusCode(200).extract().path("items.reason");
        assertEquals(mix.broken(), reasons.size());
        assertTrue(reasons.stream().allMatch(r -> r.contains("ISBN")));
        Files.deleteIfExists(file);
    }

    @Test
    void realWorldQuirksAreReadAndEveryRefusalSaysWhyWithAStableCodeAndNoServerText() throws Exception {
        String roleless = TestData.newIsbn();
        String undefinedTitle = TestData.newIsbn();
        String unknownLanguage = TestData.newIsbn();
        String message = OnixGenerator.message(
                OnixReaderTest.product(roleless, OnixReaderTest.title("01", "Rooliton tekijä"),
                        OnixReaderTest.contributor(1, null, "<PersonName>Rauni Rooliton</PersonName>"),
                        OnixReaderTest.contributor(2, "A01", "<PersonNameInverted>Tekijöitä, Useita</PersonNameInverted>"),
                        OnixReaderTest.contributor(3, "A01", "<PersonName>Kaarina Kääntäjä</PersonName>"),
                        OnixReaderTest.contributor(4, "B06", "<PersonName>Kaarina Kääntäjä</PersonName>"),
                        OnixReaderTest.contributor(5, "A12", "<UnnamedPersons>09</UnnamedPersons>"),
                        OnixReaderTest.language("fin")),
                OnixReaderTest.product(undefinedTitle, OnixReaderTest.title("00", "Vain tyyppi 00"), OnixReaderTest.language("swe")),
                OnixReaderTest.product(unknownLanguage, OnixReaderTest.title("01", "Kieletön"), OnixReaderTest.language("foo")),
                OnixReaderTest.fixture("product-02.xml"));
        String job = upload(message);
        var done = finished(job);
        assertEquals(4, (int) done.path("processed"));
        assertEquals(2, (int) done.path("imported") + (int) done.path("updated"));
        assertEquals(1, (int) done.path("failed"));

        var records = given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records", job).then().statusCode(200).extract();
        assertEquals(java.util.Arrays.asList(null, null, "language-unknown", "not-digital"), records.path("items.reasonCode"));
        assertEquals("FAILED", records.path("items[2].outcome"));
        String body = records.asString();
        for (String serverText : List.of("Exception", "Cannot invoke", "hashCode", "java.", importDir().toString())) {
            assertFalse(body.contains(serverText), serverText + " in " + body);
        }

        String id = PublicationIds.fromIdentifier(roleless).toString();
        given().get("/v1/publications/{id}", id).then().statusCode(200)
                .body("contributors.name", equalTo(List.of("Rauni Rooliton", "Kaarina Kääntäjä", "AI (artificial intelligence)")))
                .body("contributors[0].role", equalTo("unknown"))
                .body("contributors[1].roles", equalTo(List.of("author", "translator")))
                .body("contributors.ai", equalTo(List.of(false, false, true)))
                .body("authors", equalTo(List.of("Kaarina Kääntäjä")));
        given().get("/opds/publications/{id}", id).then().statusCode(200)
                .body("metadata.author.name", equalTo(List.of("Kaarina Kääntäjä")))
                .body("metadata.translator.name", equalTo(List.of("Kaarina Kääntäjä")))
                .body("metadata.illustrator[0].ai", equalTo(true))
                .body("metadata.contributor.name", equalTo(List.of("Rauni Rooliton")))
                .body("metadata.author[0].ai", org.hamcrest.Matchers.nullValue());
        given().get("/v1/publications/{id}", PublicationIds.fromIdentifier(undefinedTitle)).then().statusCode(200)
                .body("title", equalTo("Vain tyyppi 00")).body("language", equalTo("swe"));
        given().get("/v1/publications/{id}", PublicationIds.fromIdentifier(unknownLanguage)).then().statusCode(404);
    }

    @Test
    void oneTitleUpdatedAndWithdrawnWithinABatchEndsAsTheFileSaysWithItsEventsInFileOrderAndAgainOnReimport() throws Exception {
        String isbn = TestData.newIsbn();
        String tooLong = TestData.newIsbn();
        String delete = "<Product><RecordReference>del-" + isbn + "</RecordReference><NotificationType>05</NotificationType>"
                + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbn + "</IDValue></ProductIdentifier></Product>";
        String message = OnixGenerator.message(
                OnixReaderTest.product(isbn, OnixReaderTest.title("01", "Eka"), OnixReaderTest.language("fin")),
                OnixReaderTest.product(isbn, OnixReaderTest.title("01", "Toka"), OnixReaderTest.language("fin")),
                delete, delete,
                OnixReaderTest.product(isbn, OnixReaderTest.title("01", "Kolmas"), OnixReaderTest.language("swe")),
                OnixReaderTest.product(tooLong, OnixReaderTest.title("01", "x".repeat(501)), OnixReaderTest.language("fin")));
        String id = PublicationIds.fromIdentifier(isbn).toString();

        String first = upload(message);
        finished(first);
        assertEquals(List.of("IMPORTED", "UPDATED", "WITHDRAWN", "SKIPPED", "UPDATED", "FAILED"),
                given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records", first).then().statusCode(200).extract().path("items.outcome"));
        given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records", first).then()
                .body("items[3].reasonCode", equalTo("already-withdrawn"))
                .body("items[5].reasonCode", equalTo("invalid-fields")).body("items[5].reason", containsString("title"))
                .body("items.publicationId", equalTo(java.util.Arrays.asList(id, id, id, id, id, null)));
        // the last product's description, still withdrawn: an import never reinstates
        given().get("/v1/publications/{id}", id).then().statusCode(200)
                .body("title", equalTo("Kolmas")).body("language", equalTo("swe"))
                .body("status", equalTo("WITHDRAWN")).body("withdrawnReason", equalTo("onix-delete"));
        assertEquals(List.of("upserted Eka", "upserted Toka", "withdrawn onix-delete", "upserted Kolmas"), events(id, 4));

        // the same file again: nothing new, the withdrawal is not repeated
        String second = upload(message);
        finished(second);
        assertEquals(List.of("UPDATED", "UPDATED", "SKIPPED", "SKIPPED", "UPDATED", "FAILED"),
                given().auth().oauth2(ADMIN).get("/v1/imports/{id}/records", second).then().statusCode(200).extract().path("items.outcome"));
        assertEquals(List.of("upserted Eka", "upserted Toka", "withdrawn onix-delete", "upserted Kolmas", "upserted Eka", "upserted Toka",
                "upserted Kolmas"), events(id, 7));
        given().get("/v1/publications/{id}", id).then().statusCode(200).body("title", equalTo("Kolmas")).body("status", equalTo("WITHDRAWN"));
    }

    /** The publication's first {@code count} events on the catalogue topic: kind and title (upserted) or reason (withdrawn). */
    private static List<String> events(String id, int count) {
        int[] seen = {0};
        return fi.lainaamo.devinfra.TestKafka.readUntil(fi.lainaamo.events.Topics.CATALOG,
                        r -> id.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_subject")) && ++seen[0] == count, Duration.ofSeconds(30))
                .stream().filter(r -> id.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_subject")))
                .map(r -> {
                    io.restassured.path.json.JsonPath data = io.restassured.path.json.JsonPath.from(r.value());
                    return fi.lainaamo.events.EventTypes.PUBLICATION_WITHDRAWN.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_type"))
                            ? "withdrawn " + data.getString("reason") : "upserted " + data.getString("title");
                }).toList();
    }

    @Test
    void aFileThatIsNotWellFormedKeepsTheProductsBeforeTheBreakAndFails() throws Exception {
        String isbn = TestData.newIsbn();
        String good = "<Product><RecordReference>ok</RecordReference><NotificationType>03</NotificationType>"
                + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbn + "</IDValue></ProductIdentifier>"
                + "<DescriptiveDetail><ProductForm>ED</ProductForm><TitleDetail><TitleType>01</TitleType><TitleElement>"
                + "<TitleElementLevel>01</TitleElementLevel><TitlePrefix>The</TitlePrefix><TitleWithoutPrefix>Broken File</TitleWithoutPrefix>"
                + "</TitleElement></TitleDetail><Language><LanguageRole>01</LanguageRole><LanguageCode>eng</LanguageCode></Language>"
                + "</DescriptiveDetail></Product>";
        String job = upload("<ONIXMessage>" + good + "<Product><RecordReference>broken</Product>");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).path("status")));
        given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).then()
                .body("imported", equalTo(1)).body("error", startsWith("the file is not well-formed XML"));
        given().get("/v1/publications/{id}", PublicationIds.fromIdentifier(isbn)).then().statusCode(200)
                .body("title", equalTo("The Broken File")).body("sortTitle", equalTo("broken file"));
    }

    @Test
    void onlyConsortiumAdminsImportAndServerPathsStayInTheImportDirectory() {
        given().contentType(ContentType.XML).body("<ONIXMessage/>").post("/v1/imports/onix").then().statusCode(401);
        String patron = TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID());
        given().auth().oauth2(patron).contentType(ContentType.XML).body("<ONIXMessage/>").post("/v1/imports/onix").then().statusCode(403);
        given().auth().oauth2(patron).get("/v1/imports/{id}", UUID.randomUUID()).then().statusCode(403);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi").body(Map.of("path", "../../etc/passwd"))
                .post("/v1/imports/onix/file").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("import-path-outside")).body("title", equalTo("Tiedosto tuontihakemiston ulkopuolella"));
        // the answer says where files may be in words, and never shows a server folder, in any language
        String folder = importDir().toAbsolutePath().normalize().toString();
        for (String language : List.of("fi", "sv", "en")) {
            String answer = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", language)
                    .body(Map.of("path", "/etc/passwd")).post("/v1/imports/onix/file").then().statusCode(400)
                    .body("code", equalTo("import-path-outside")).body("errors[0].field", equalTo("path"))
                    .body("detail", containsString("catalog-service")).extract().asString();
            assertFalse(answer.contains(folder), answer);
            assertFalse(answer.contains("/etc/passwd"), answer);
            assertFalse(answer.contains(System.getProperty("java.io.tmpdir")), answer);
        }
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("path", "no-such-file.xml"))
                .post("/v1/imports/onix/file").then().statusCode(400).body("code", equalTo("import-file-not-found"));
        given().auth().oauth2(ADMIN).header("Accept-Language", "sv").get("/v1/imports/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("import-not-found")).body("title", equalTo("Importen hittades inte"));
    }

    static String upload(String xml) {
        // bytes, not a String: RestAssured would encode a String as ISO-8859-1 for an XML content type
        return given().auth().oauth2(ADMIN).contentType("application/xml").body(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/imports/onix").then().statusCode(202).extract().path("id");
    }

    static ExtractableResponse<Response> finished(String job) {
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("FINISHED", "FAILED")
                .contains(given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).<String>path("status")));
        return given().auth().oauth2(ADMIN).get("/v1/imports/{id}", job).then().statusCode(200)
                .body("error", org.hamcrest.Matchers.nullValue()).body("status", equalTo("FINISHED")).extract();
    }

    static Path importDir() {
        return Path.of(ConfigProvider.getConfig().getValue("lainaamo.catalog.import-dir", String.class));
    }
}
