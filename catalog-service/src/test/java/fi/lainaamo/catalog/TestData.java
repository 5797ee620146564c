package fi.lainaamo.catalog;

import fi.lainaamo.devinfra.TestTokens;
import io.restassured.http.ContentType;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Publications and identifiers for tests that share one database: every value is fresh, so tests never collide. */
public final class TestData {

    private TestData() {
    }

    /** A fresh, valid ISBN-13 in the 978-951 (Finland) range. */
    public static String newIsbn() {
        StringBuilder digits = new StringBuilder("978951");
        for (int i = 0; i < 6; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }

    /** A made-up word no other test uses (letters only, so every text search configuration keeps it whole). */
    public static String newWord() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }

    /** Catalogues a publication as a consortium admin and returns its id. */
    public static String catalogue(Map<String, Object> details) {
        return given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(details)
                .when().post("/v1/publications")
                .then().statusCode(201).extract().path("id");
    }
}
