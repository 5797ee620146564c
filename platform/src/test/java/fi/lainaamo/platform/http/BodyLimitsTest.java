package fi.lainaamo.platform.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSON endpoint takes at most lainaamo.http.max-body-size (64 KiB), an upload as much as the server takes at all (1 MiB
 * in these tests); more is answered 413 body-too-large as problem+json, with or without a declared length.
 */
@QuarkusTest
class BodyLimitsTest {

    @Test
    void aJsonBodyOverTheLimitIsRefusedAndOneUnderItIsTaken() {
        given().contentType(ContentType.JSON).header("Accept-Language", "fi").body(note(64 * 1024 + 1)).post("/test/notes")
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("body-too-large"))
                .body("title", equalTo("Pyynnön runko on liian suuri"))
                .body("detail", equalTo("Pyynnön runko on suurempi kuin tähän osoitteeseen sallittu 64 KiB; mitään ei muutettu."));
        given().contentType(ContentType.JSON).body(note(64 * 1024)).post("/test/notes").then().statusCode(200);
    }

    @Test
    void aJsonBodySentWithoutADeclaredLengthIsHeldToTheSameLimit() {
        byte[] body = note(200 * 1024).getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream(body)).post("/test/notes")
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("body-too-large"));
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream(note(1000).getBytes(StandardCharsets.UTF_8)))
                .post("/test/notes").then().statusCode(200);
    }

    @Test
    void anUploadTakesMoreThanAJsonEndpoint() {
        given().contentType("application/octet-stream").body(new byte[900 * 1024]).put("/test/files").then().statusCode(200)
                .body("size", equalTo(900 * 1024));
    }

    @Test
    void aBodyOverWhatTheServerTakesAtAllIsRefusedAsProblemJsonBeforeItIsSent() throws Exception {
        for (String path : new String[] {"/test/files", "/test/notes"}) {
            String answer = HostileInputTest.raw("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept-Language: sv\r\nContent-Length: 10485760\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"body-too-large\""), answer);
            assertTrue(answer.contains("de 1 MiB som den här adressen tar emot"), answer);
            assertTrue(answer.toLowerCase().contains("x-content-type-options: nosniff"), answer);
        }
    }

    @Test
    void aSmallJsonBodyIsReadBeforeTheEndpointRunsAndAnyOtherAsItIsAsked() throws Exception {
        given().contentType(ContentType.JSON).body(note(1000)).post("/test/notes/read-ahead").then().statusCode(200)
                .body("length", equalTo(1000)).body("readAhead", equalTo(true));
        // without a declared length, as text, or over the limit: read by the endpoint's worker as before
        String chunked = HostileInputTest.raw("POST /test/notes/read-ahead HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n\"a no\r\n3\r\nte\"\r\n0\r\n\r\n");
        assertTrue(chunked.startsWith("HTTP/1.1 200"), chunked);
        assertTrue(chunked.contains("\"readAhead\":false") && chunked.contains("\"length\":8"), chunked);
        given().contentType(ContentType.TEXT).body("a note").post("/test/notes/read-ahead").then().statusCode(200)
                .body("length", equalTo(6)).body("readAhead", equalTo(false));
        given().contentType(ContentType.JSON).body(note(64 * 1024 + 1)).post("/test/notes/read-ahead").then().statusCode(413)
                .body("code", equalTo("body-too-large"));
        // what was read ahead is still checked as every body is
        given().contentType(ContentType.JSON).body("{\"title\":\"a\\u0000b\"}").post("/test/notes").then().statusCode(400)
                .body("code", equalTo("invalid-characters"));
    }

    @Test
    void overHttp2ABodyIsReadAsItIsAsked() throws Exception {
        // Java's HttpClient speaks HTTP/2 over plain HTTP (h2c) once the first request has upgraded the connection, as
        // the services' own clients do
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI base = URI.create("http://localhost:" + RestAssured.port);
        client.send(HttpRequest.newBuilder(base.resolve("/test/things/x")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(base.resolve("/test/notes/read-ahead"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(note(1000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, answer.version());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"readAhead\":false") && answer.body().contains("\"length\":1000"), answer.body());
    }

    @Test
    void onlyJsonIsReadAhead() {
        assertTrue(OversizedBodies.isJson("application/json"));
        assertTrue(OversizedBodies.isJson("Application/JSON; charset=utf-8"));
        assertTrue(OversizedBodies.isJson("application/opds+json"));
        assertFalse(OversizedBodies.isJson("application/x-www-form-urlencoded"));
        assertFalse(OversizedBodies.isJson("multipart/form-data; boundary=json"));
        assertFalse(OversizedBodies.isJson("text/json"));
        assertFalse(OversizedBodies.isJson("json"));
        assertFalse(OversizedBodies.isJson(null));
    }

    /** A note whose JSON is exactly {@code bytes} long. */
    static String note(int bytes) {
        String frame = "{\"title\":\"\"}";
        return "{\"title\":\"" + "x".repeat(bytes - frame.length()) + "\"}";
    }
}
