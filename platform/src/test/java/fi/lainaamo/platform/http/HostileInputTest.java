package fi.lainaamo.platform.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text no service can store is refused with 400 invalid-characters wherever it comes in, naming the place; text with
 * tabs, line breaks, any language and emoji passes, and a file upload passes byte for byte whatever bytes it holds.
 */
@QuarkusTest
class HostileInputTest {

    @Test
    void aNulInAQueryParameterIsRefusedNamingTheParameter() {
        given().header("Accept-Language", "fi").urlEncodingEnabled(false).get("/test/things/a?q=abc%00def&limit=5")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-characters"))
                .body("title", equalTo("Merkit eivät kelpaa"))
                .body("errors", hasSize(1))
                .body("errors[0].code", equalTo("invalid-characters-in-query"))
                .body("errors[0].field", equalTo("q"))
                .body("errors[0].detail", equalTo("Kyselyparametrissa q on merkki, jota ei voida hyväksyä."));
    }

    @Test
    void bytesThatAreNotUtf8AndEncodedSurrogatesInTheQueryAreRefused() {
        for (String bad : new String[] {"%FF", "%ED%A0%80", "a%01b", "%C3"}) {
            given().urlEncodingEnabled(false).get("/test/things/a?q=" + bad).then().statusCode(400)
                    .body("code", equalTo("invalid-characters")).body("errors[0].field", equalTo("q"));
        }
    }

    @Test
    void aMultipartBodyWhereNoneIsTakenIsRefusedAsTheClientsMistake() {
        // (patron-service's HostileInputTest has the case where the form reader itself fails: 400 malformed-body)
        for (String path : new String[] {"/test/notes", "/test/form"}) {
            given().contentType("multipart/form-data; boundary=x").body("{\"pin\":\"1234\"}".getBytes(StandardCharsets.UTF_8))
                    .post(path).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(415)));
        }
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIsUnsupportedNotAFailure() {
        // the API fuzzer's find: "Content-Type: a" failed in the body check and answered 500
        given().contentType("a").body("-0.5".getBytes(StandardCharsets.UTF_8)).post("/test/notes")
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void goodTextPassesEverywhere() {
        given().header("X-Note", "Åbo\tok").queryParam("q", "Seitsemän veljestä 📚\nrivi")
                .get("/test/things/{name}", "Åbo akademi").then().statusCode(200)
                .body("name", equalTo("Åbo akademi")).body("q", equalTo("Seitsemän veljestä 📚\nrivi"))
                .body("note", equalTo("Åbo\tok"));
        given().contentType(ContentType.JSON)
                .body("{\"title\":\"Tab\\tand\\nlines, emoji 📚 and \\ud83d\\udcda\",\"authors\":[\"Kivi\"],\"names\":{\"sv\":\"Åbo\"}}")
                .post("/test/notes").then().statusCode(200).body("title", equalTo("Tab\tand\nlines, emoji 📚 and 📚"));
    }

    @Test
    void aNulOrAControlCharacterInAPathParameterIsRefusedNamingIt() {
        given().urlEncodingEnabled(false).get("/test/things/abc%00def").then().statusCode(400)
                .body("code", equalTo("invalid-characters"))
                .body("errors[0].code", equalTo("invalid-characters-in-path")).body("errors[0].field", equalTo("name"));
        given().urlEncodingEnabled(false).get("/test/things/%FF").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void everyJsonFieldWithRefusedTextIsNamedInOneAnswer() {
        given().contentType(ContentType.JSON).header("Accept-Language", "sv")
                .body("{\"title\":\"abc\\u0000def\",\"authors\":[\"Kivi\",\"\\ud800\"],\"names\":{\"fi\":\"bell\\u0007\"}}")
                .post("/test/notes").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-characters"))
                .body("title", equalTo("Otillåtna tecken"))
                .body("errors.code", contains("invalid-characters-in-field", "invalid-characters-in-field", "invalid-characters-in-field"))
                .body("errors.field", contains("title", "authors[1]", "names.fi"))
                .body("errors[0].detail", equalTo("Fältet title innehåller ett tecken som inte kan tas emot."));
    }

    @Test
    void aJsonBodyReadAsATreeOrOfAnotherJsonTypeIsCheckedToo() {
        given().contentType("application/opds+json").body("{\"metadata\":{\"title\":\"x\\u0000\"}}")
                .post("/test/documents").then().statusCode(400).body("errors[0].field", equalTo("metadata.title"));
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() {
        byte[] latin1 = "{\"title\":\"Åbo\"}".getBytes(StandardCharsets.ISO_8859_1);
        given().contentType("application/json; charset=UTF-8").body(latin1).post("/test/notes").then().statusCode(400)
                .body("code", equalTo("invalid-characters")).body("errors[0].code", equalTo("invalid-characters-in-body"));
    }

    @Test
    void malformedJsonIsStillForTheJsonReaderToRefuse() {
        given().contentType(ContentType.JSON).body("{\"title\":").post("/test/notes").then().statusCode(400)
                .contentType("application/problem+json").body("code", not(equalTo("invalid-characters")));
    }

    @Test
    void aNulInAFormFieldIsRefusedNamingTheField() {
        given().contentType(ContentType.URLENC).formParam("name", "abc\u0000def").post("/test/form").then().statusCode(400)
                .body("code", equalTo("invalid-characters"))
                .body("errors[0].code", equalTo("invalid-characters-in-form")).body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.URLENC).formParam("name", "Åbo").post("/test/form").then().statusCode(200)
                .body("name", equalTo("Åbo"));
    }

    @Test
    void aControlCharacterInAHeaderNeverReachesAnEndpoint() throws IOException {
        // the HTTP server itself refuses these request heads (a bare 400); RequestChecks would name the header otherwise
        for (char control : new char[] {'\u0000', '\u0001', '\u001f'}) {
            String answer = raw("GET /test/things/a HTTP/1.1\r\nHost: localhost\r\nX-Note: a" + control + "b\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
    }

    @Test
    void anUploadedFilePassesUntouchedWhateverBytesItHolds() throws Exception {
        byte[] file = new byte[200_000]; // larger than the JSON limit, with NULs and bytes that are not UTF-8
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 31);
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        given().contentType("application/epub+zip").body(file).put("/test/files").then().statusCode(200)
                .body("size", equalTo(file.length)).body("sha256", equalTo(sha256));
        given().contentType("application/octet-stream").body(new java.io.ByteArrayInputStream(file)).put("/test/files")
                .then().statusCode(200).body("sha256", equalTo(sha256));
    }

    /** Sends a request as written, bytes a client library would not send, and reads the answer (its head and body). */
    static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int read;
            while ((read = in.read(chunk)) >= 0) {
                answer.write(chunk, 0, read);
                String sofar = answer.toString(StandardCharsets.ISO_8859_1);
                int head = sofar.indexOf("\r\n\r\n");
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(sofar);
                if (head >= 0 && length.find() && answer.size() >= head + 4 + Integer.parseInt(length.group(1))) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
