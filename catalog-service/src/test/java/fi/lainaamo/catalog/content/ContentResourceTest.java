package fi.lainaamo.catalog.content;

import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.DemoEpubs;
import fi.lainaamo.devinfra.StandardSchemas;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.ContentLinks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content store end to end on the real PostgreSQL: admins upload EPUBs and audiobook manifests, readers fetch the
 * file, its Readium manifest and its chapters only with a link signed the way loan-service signs it, and nothing a
 * refused upload sent, nor any replaced content, stays behind as a large object.
 */
@QuarkusTest
class ContentResourceTest {

    static final String WEBPUB_SCHEMA = "https://readium.org/webpub-manifest/schema/publication.schema.json";
    // the content types are sent as they are, without a charset added
    static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    AgroalDataSource dataSource;

    static String key() {
        return ConfigProvider.getConfig().getValue("lainaamo.content.signing-key", String.class);
    }

    static String link(String id, long expires) {
        return ContentLinks.query(key(), UUID.fromString(id), expires);
    }

    static long inAnHour() {
        return Instant.now().getEpochSecond() + 3600;
    }

    static String ebook(String title) {
        return TestData.catalogue(Map.of("title", title, "format", "EBOOK", "language", "fin", "isbn", TestData.newIsbn()));
    }

    static RequestSpecification admin() {
        return given().config(RAW).auth().oauth2(TestTokens.consortiumAdmin());
    }

    static Response upload(String id, String contentType, byte[] body) {
        return admin().contentType(contentType).body(body).when().put("/v1/publications/{id}/content", id);
    }

    static byte[] seitsemanVeljesta() {
        return DemoEpubs.demo().get(0).epub();
    }

    long largeObjects() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_largeobject_metadata")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long largeObjectOf(String id) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select c.large_object from publication_content c join pg_largeobject_metadata m "
                     + "on m.oid = c.large_object where c.publication_id = '" + UUID.fromString(id) + "'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void anUploadedEpubComesBackByteForByteThroughASignedLink() throws Exception {
        String id = ebook("Seitsemän veljestä " + TestData.newWord());
        byte[] epub = seitsemanVeljesta();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(epub));

        upload(id, "application/epub+zip", epub).then().statusCode(201)
                .header("Location", containsString("/v1/publications/" + id + "/content/info"))
                .body("mediaType", equalTo("application/epub+zip"))
                .body("size", equalTo(epub.length))
                .body("sha256", equalTo(sha256))
                .body("readingOrderCount", equalTo(3))
                .body("title", equalTo("Seitsemän veljestä"))
                .body("language", equalTo("fi"))
                .body("uploadedBy", equalTo("consortium-admin"));
        admin().get("/v1/publications/{id}/content/info", id).then().statusCode(200)
                .body("sha256", equalTo(sha256)).body("readingOrderCount", equalTo(3));

        long expires = inAnHour();
        Response download = given().get("/v1/publications/" + id + "/content?" + link(id, expires));
        download.then().statusCode(200)
                .contentType("application/epub+zip")
                .header("Content-Length", String.valueOf(epub.length))
                .header("Content-Disposition", startsWith("attachment; filename=\"seitseman-veljesta-"))
                .header("Cache-Control", containsString("private"))
                .header("ETag", containsString(sha256));
        byte[] bytes = download.asByteArray();
        assertArrayEquals(epub, bytes);
        int maxAge = Integer.parseInt(download.header("Cache-Control").replaceAll(".*max-age=(\\d+).*", "$1"));
        assertTrue(maxAge > 3500 && maxAge <= 3600, "cached no longer than the link works: " + maxAge);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry first = zip.getNextEntry();
            assertEquals("mimetype", first.getName());
            assertEquals("application/epub+zip", new String(zip.readAllBytes(), StandardCharsets.US_ASCII));
        }
        given().header("If-None-Match", "\"" + sha256 + "\"").get("/v1/publications/" + id + "/content?" + link(id, expires))
                .then().statusCode(304);
    }

    @Test
    void expiredAlteredOrAnotherTitlesLinksAreRefused() {
        String id = ebook("Rautatie " + TestData.newWord());
        String other = ebook("Toinen " + TestData.newWord());
        upload(id, "application/epub+zip", DemoEpubs.demo().get(1).epub()).then().statusCode(201);
        long expired = Instant.now().getEpochSecond() - 1;
        long expires = inAnHour();
        String good = ContentLinks.sign(key(), UUID.fromString(id), expires);
        List<String> refused = List.of(
                "/v1/publications/" + id + "/content?" + link(id, expired),
                "/v1/publications/" + id + "/content?expires=" + expires + "&sig=" + good.replace(good.charAt(0), good.charAt(0) == 'a' ? 'b' : 'a'),
                "/v1/publications/" + id + "/content?expires=" + (expires + 1) + "&sig=" + good,
                "/v1/publications/" + id + "/content?" + link(other, expires),
                "/v1/publications/" + id + "/content?" + ContentLinks.query("not-the-shared-key", UUID.fromString(id), expires),
                "/v1/publications/" + id + "/content",
                "/v1/publications/" + id + "/content?expires=soon&sig=" + good,
                "/v1/publications/" + id + "/manifest?" + link(id, expired),
                "/v1/publications/" + id + "/manifest?" + link(other, expires),
                "/v1/publications/" + id + "/content/resources/EPUB/text/chapter-1.xhtml?" + link(other, expires),
                "/v1/publications/" + id + "/content/signed/" + expired + "/" + ContentLinks.sign(key(), UUID.fromString(id), expired)
                        + "/EPUB/text/chapter-1.xhtml");
        for (String url : refused) {
            given().get(url).then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("content-link-invalid"));
        }
        given().header("Accept-Language", "fi").get(refused.get(0)).then().statusCode(403)
                .body("title", equalTo("Linkki ei kelpaa"));
        given().header("Accept-Language", "sv").get(refused.get(0)).then().statusCode(403)
                .body("title", equalTo("Länken gäller inte"));
        // a valid link to a title without content
        given().get("/v1/publications/" + other + "/content?" + link(other, expires)).then().statusCode(404)
                .body("code", equalTo("no-content"));
    }

    @Test
    void theManifestValidatesAndEveryChapterStylesheetAndTocEntryAnswers() {
        String id = ebook("Kalevala " + TestData.newWord());
        upload(id, "application/epub+zip", DemoEpubs.demo().get(2).epub()).then().statusCode(201);
        long expires = inAnHour();
        String manifest = given().get("/v1/publications/" + id + "/manifest?" + link(id, expires)).then().statusCode(200)
                .contentType("application/webpub+json").header("Cache-Control", containsString("private"))
                .extract().asString();
        assertEquals(List.of(), StandardSchemas.violations(WEBPUB_SCHEMA, manifest), manifest);
        JsonPath doc = JsonPath.from(manifest);
        assertEquals("Kalevala", doc.getString("metadata.title"));
        assertEquals("fi", doc.getString("metadata.language"));
        assertEquals("urn:isbn:" + DemoEpubs.demo().get(2).isbn(), doc.getString("metadata.identifier"));
        assertEquals("/v1/publications/" + id + "/manifest?" + link(id, expires), doc.getString("links.find { it.rel == 'self' }.href"));

        List<Map<String, Object>> readingOrder = doc.getList("readingOrder");
        assertEquals(3, readingOrder.size());
        List<String> headings = List.of("Ensimmäinen runo", "Toinen runo", "Kolmas runo");
        for (int i = 0; i < readingOrder.size(); i++) {
            String href = (String) readingOrder.get(i).get("href");
            assertEquals("application/xhtml+xml", readingOrder.get(i).get("type"));
            assertTrue(((String) readingOrder.get(i).get("title")).startsWith(headings.get(i)));
            String chapter = given().get(href).then().statusCode(200).contentType(startsWith("application/xhtml+xml"))
                    .header("X-Content-Type-Options", "nosniff").extract().asString();
            assertTrue(chapter.contains("<h1>" + headings.get(i)), chapter);
            // the chapter's stylesheet link is relative: it must resolve under the same signed prefix
            String stylesheet = URI.create("http://x" + href).resolve("../style.css").getRawPath();
            given().get(stylesheet).then().statusCode(200).contentType(startsWith("text/css")).body(containsString("font-family"));
        }
        for (Map<String, Object> resource : doc.<Map<String, Object>>getList("resources")) {
            given().get((String) resource.get("href")).then().statusCode(200).contentType(startsWith((String) resource.get("type")));
        }
        List<Map<String, Object>> toc = doc.getList("toc");
        assertEquals(3, toc.size());
        assertEquals(readingOrder.get(1).get("href"), toc.get(1).get("href"));

        // the query form of the same file
        given().get("/v1/publications/" + id + "/content/resources/EPUB/text/chapter-2.xhtml?" + link(id, expires)).then()
                .statusCode(200).body(containsString("Sepon paja"));
        // paths that leave the publication or name nothing in it: never a file
        String signed = "/v1/publications/" + id + "/content/signed/" + expires + "/" + ContentLinks.sign(key(), UUID.fromString(id), expires);
        for (String path : List.of("EPUB/../../../../etc/passwd", "EPUB/%2e%2e/%2e%2e/etc/passwd", "..%2F..%2Fetc%2Fpasswd",
                "EPUB/missing.xhtml", "mimetype", "EPUB/text/")) {
            // the server may normalise the dots away first, so the rest of the path lands in the signature's place (403)
            int status = given().urlEncodingEnabled(false).get(signed + "/" + path).then().extract().statusCode();
            assertTrue(status == 404 || status == 400 || status == 403, path + " answered " + status);
        }
        given().urlEncodingEnabled(false).get(signed + "/..%2F..%2Fetc%2Fpasswd").then().statusCode(404)
                .body("code", equalTo("content-resource-not-found"));
    }

    @Test
    void anAudiobookManifestIsKeptAndServedAsItIs() {
        String id = TestData.catalogue(Map.of("title", "Juha " + TestData.newWord(), "format", "AUDIOBOOK", "language", "fin", "isbn", TestData.newIsbn()));
        String audiobook = """
                {"@context": "https://readium.org/webpub-manifest/context.jsonld",
                 "metadata": {"@type": "http://schema.org/Audiobook", "title": "Juha", "duration": 120},
                 "readingOrder": [{"href": "https://audio.example/juha/1.mp3", "type": "audio/mpeg", "duration": 60},
                                  {"href": "https://audio.example/juha/2.mp3", "type": "audio/mpeg", "duration": 60}]}""";
        upload(id, "application/audiobook+json", audiobook.getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .body("mediaType", equalTo("application/audiobook+json")).body("readingOrderCount", equalTo(2));
        long expires = inAnHour();
        given().get("/v1/publications/" + id + "/content?" + link(id, expires)).then().statusCode(200)
                .contentType("application/audiobook+json").body("readingOrder[1].href", equalTo("https://audio.example/juha/2.mp3"));
        given().get("/v1/publications/" + id + "/manifest?" + link(id, expires)).then().statusCode(200)
                .contentType("application/audiobook+json").body("metadata.title", equalTo("Juha"));
        upload(id, "application/audiobook+json", "{\"metadata\":{\"title\":\"Juha\"},\"readingOrder\":[{\"href\":\"1.mp3\",\"type\":\"audio/mpeg\"}]}"
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(422)
                .body("code", equalTo("not-an-audiobook-manifest")).body("errors[0].code", equalTo("audiobook-manifest-invalid"));
    }

    @Test
    void refusedUploadsStoreNothing() throws Exception {
        String id = ebook("Hylätty " + TestData.newWord());
        long before = largeObjects();

        upload(id, "application/epub+zip", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".getBytes(StandardCharsets.US_ASCII))
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("not-an-epub")).body("errors[0].code", equalTo("epub-not-zip"));
        Map<String, byte[]> noMimetype = new LinkedHashMap<>();
        noMimetype.put("META-INF/container.xml", Epubs.text(Epubs.CONTAINER));
        noMimetype.put("chapter.xhtml", Epubs.text("<html/>"));
        admin().header("Accept-Language", "fi").contentType("application/epub+zip").body(Epubs.zip(noMimetype, true))
                .put("/v1/publications/{id}/content", id).then().statusCode(422)
                .body("errors[0].code", equalTo("epub-mimetype")).body("errors[0].title", equalTo("EPUBin mimetype-tiedosto puuttuu"));
        Map<String, byte[]> many = new LinkedHashMap<>();
        many.put("mimetype", Epubs.text("application/epub+zip"));
        for (int i = 0; i < 250; i++) {
            many.put("f/" + i, new byte[0]);
        }
        upload(id, "application/epub+zip", Epubs.zip(many, true)).then().statusCode(422)
                .body("errors[0].code", equalTo("epub-too-many-entries"));
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("mimetype", Epubs.text("application/epub+zip"));
        bomb.put("zeros", new byte[8 << 20]);
        upload(id, "application/epub+zip", Epubs.zip(bomb, true)).then().statusCode(422)
                .body("errors[0].code", equalTo("epub-too-large-unpacked"));
        upload(id, "application/pdf", seitsemanVeljesta()).then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("content-type-not-accepted"));
        upload(id, "application/epub+zip", new byte[(1 << 20) + 1]).then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("content-too-large"));
        given().contentType("application/epub+zip").body(seitsemanVeljesta()).put("/v1/publications/{id}/content", id)
                .then().statusCode(401);
        given().config(RAW).auth().oauth2(TestTokens.librarian(UUID.randomUUID())).contentType("application/epub+zip")
                .body(seitsemanVeljesta()).put("/v1/publications/{id}/content", id).then().statusCode(403).body("code", equalTo("forbidden"));
        given().config(RAW).auth().oauth2(TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID())).get("/v1/publications/{id}/content/info", id)
                .then().statusCode(403);
        upload(UUID.randomUUID().toString(), "application/epub+zip", seitsemanVeljesta()).then().statusCode(404)
                .body("code", equalTo("publication-not-found"));

        admin().get("/v1/publications/{id}/content/info", id).then().statusCode(404).body("code", equalTo("no-content"));
        assertEquals(before, largeObjects(), "no large object is left by a refused upload");
    }

    @Test
    void replacingContentTwiceLeavesExactlyOneLargeObjectAndDeletingLeavesNone() throws Exception {
        String id = ebook("Vaihdettava " + TestData.newWord());
        long before = largeObjects();
        List<DemoEpubs.DemoEpub> demo = DemoEpubs.demo();

        upload(id, "application/epub+zip", demo.get(0).epub()).then().statusCode(201);
        long first = largeObjectOf(id);
        assertEquals(before + 1, largeObjects());
        upload(id, "application/epub+zip", demo.get(1).epub()).then().statusCode(200).body("title", equalTo("Rautatie"));
        upload(id, "application/epub+zip", demo.get(3).epub()).then().statusCode(200).body("title", equalTo("Fänrik Ståls sägner"))
                .body("language", equalTo("sv"));
        long third = largeObjectOf(id);
        assertEquals(before + 1, largeObjects(), "each replacement unlinked the object it replaced");
        assertTrue(third > 0 && third != first);
        // the same file again changes nothing
        upload(id, "application/epub+zip", demo.get(3).epub()).then().statusCode(200);
        assertEquals(third, largeObjectOf(id));

        long expires = inAnHour();
        assertArrayEquals(demo.get(3).epub(), given().get("/v1/publications/" + id + "/content?" + link(id, expires)).asByteArray());
        given().get("/v1/publications/" + id + "/content/resources/EPUB/text/chapter-1.xhtml?" + link(id, expires)).then()
                .statusCode(200).body(containsString("Fänriken vid brasan"));

        admin().delete("/v1/publications/{id}/content", id).then().statusCode(204);
        assertEquals(before, largeObjects());
        assertFalse(largeObjectOf(id) > 0);
        given().get("/v1/publications/" + id + "/content?" + link(id, expires)).then().statusCode(404).body("code", equalTo("no-content"));
        admin().delete("/v1/publications/{id}/content", id).then().statusCode(404).body("code", equalTo("no-content"));
        given().get("/v1/publications/{id}", id).then().statusCode(200);
    }

    @Test
    void everyContentEndpointIsInTheOpenApiDocument() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/publications/{id}/content"))
                .body(containsString("/v1/publications/{id}/content/info"))
                .body(containsString("/v1/publications/{id}/manifest"))
                .body(containsString("/v1/publications/{id}/content/resources/{path}"))
                .body(containsString("/v1/publications/{id}/content/signed/{expires}/{sig}/{path}"))
                .body(containsString("content-link-invalid"))
                .body(containsString("application/audiobook+json"));
    }
}
