package fi.lainaamo.catalog.publications;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PublicationResourceTest {

    static final String ADMIN = TestTokens.consortiumAdmin();

    @Test
    void adminCataloguesAPublicationAndAnyoneReadsItWithNoCopiesYet() {
        String isbn = newIsbn();
        Map<String, Object> details = new HashMap<>(details("Tuntematon sotilas"));
        details.putAll(Map.of("subtitle", "Romaani", "isbn", isbn, "authors", List.of("Väinö Linna"),
                "publisher", "WSOY", "description", "Jatkosodan kuvaus konekiväärikomppanian näkökulmasta.", "published", "1954-12-03"));
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(details)
                .when().post("/v1/publications")
                .then().statusCode(201)
                .header("Location", containsString("/v1/publications/"))
                .body("title", equalTo("Tuntematon sotilas"))
                .body("isbn", equalTo(isbn))
                .extract().path("id");

        given().when().get("/v1/publications/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("subtitle", equalTo("Romaani"))
                .body("format", equalTo("EBOOK"))
                .body("language", equalTo("fin"))
                .body("authors", equalTo(List.of("Väinö Linna")))
                .body("publisher", equalTo("WSOY"))
                .body("published", equalTo("1954-12-03"))
                .body("availability.copiesTotal", equalTo(0))
                .body("availability.copiesAvailable", equalTo(0))
                .body("availability.updatedAt", nullValue());

        given().when().get("/v1/publications/{id}/availability", id)
                .then().statusCode(200)
                .body("copiesTotal", equalTo(0))
                .body("copiesAvailable", equalTo(0));
    }

    @Test
    void replaceChangesEveryEditableFieldAndKeepsTheIdentity() {
        String id = create(details("Seitsemän veljestä"));
        String createdAt = given().when().get("/v1/publications/{id}", id).then().extract().path("createdAt");

        Map<String, Object> replacement = new HashMap<>(Map.of("title", "Sju bröder", "format", "AUDIOBOOK", "language", "swe",
                "authors", List.of("Aleksis Kivi")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(replacement)
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("Sju bröder"))
                .body("format", equalTo("AUDIOBOOK"))
                .body("language", equalTo("swe"))
                .body("subtitle", nullValue())
                .body("createdAt", equalTo(createdAt));

        given().when().get("/v1/publications/{id}", id)
                .then().statusCode(200).body("title", equalTo("Sju bröder")).body("authors", equalTo(List.of("Aleksis Kivi")));
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceAndNothingIsStored() {
        String marker = "marker-" + UUID.randomUUID();
        Map<String, Object> bad = Map.of("subtitle", marker, "format", "PDF", "language", "FI", "isbn", "9789510396358");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi").body(bad)
                .when().post("/v1/publications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("title", equalTo("Virheellinen pyyntö"))
                .body("errors", hasSize(4))
                .body("errors.field", containsInAnyOrder("title", "format", "language", "isbn"));
        assertEquals(0L, storedWithSubtitle(marker));

        String id = create(details("Kalevala"));
        Map<String, Object> badReplacement = Map.of("title", "x".repeat(501), "format", "EBOOK", "language", "fin", "subtitle", marker);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(badReplacement)
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors.field", hasItem("title"));
        given().when().get("/v1/publications/{id}", id).then().body("title", equalTo("Kalevala"));
        assertEquals(0L, storedWithSubtitle(marker));
    }

    @Test
    void malformedJsonIsAProblemNotAServerError() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"title\": \"Kalevala\", \"published\": \"not-a-date\"}")
                .when().post("/v1/publications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
    }

    @Test
    void anIsbnBelongsToOnePublication() {
        String isbn = newIsbn();
        Map<String, Object> first = new HashMap<>(details("Sinuhe egyptiläinen"));
        first.put("isbn", isbn);
        String id = create(first);

        Map<String, Object> second = new HashMap<>(details("Sinuhe, toinen painos"));
        second.put("isbn", isbn);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi").body(second)
                .when().post("/v1/publications")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("isbn-taken"))
                .body("title", equalTo("ISBN on jo käytössä"))
                .body("errors[0].field", equalTo("isbn"));

        String other = create(details("Mikael Karvajalka"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(second)
                .when().put("/v1/publications/{id}", other)
                .then().statusCode(409).body("code", equalTo("isbn-taken"));
        given().when().get("/v1/publications/{id}", other).then().body("isbn", nullValue());

        // a publication keeps its own ISBN when it is replaced
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(first)
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(200).body("isbn", equalTo(isbn));
    }

    @Test
    void onlyConsortiumAdminsCatalogue() {
        Map<String, Object> details = details("Täällä Pohjantähden alla");
        given().contentType(ContentType.JSON).body(details)
                .when().post("/v1/publications")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        String patron = TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID());
        given().auth().oauth2(patron).contentType(ContentType.JSON).body(details)
                .when().post("/v1/publications")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));

        String id = create(details);
        given().contentType(ContentType.JSON).body(details("Muutettu"))
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(patron).contentType(ContentType.JSON).body(details("Muutettu"))
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().when().get("/v1/publications/{id}", id).then().statusCode(200).body("title", equalTo("Täällä Pohjantähden alla"));
    }

    @Test
    void anUnknownPublicationIsNotFoundInTheReadersLanguage() {
        UUID unknown = UUID.randomUUID();
        given().header("Accept-Language", "sv")
                .when().get("/v1/publications/{id}", unknown)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("publication-not-found"))
                .body("title", equalTo("Publikationen hittades inte"));
        given().header("Accept-Language", "fi")
                .when().get("/v1/publications/{id}/availability", unknown)
                .then().statusCode(404)
                .body("code", equalTo("publication-not-found"))
                .body("title", equalTo("Julkaisua ei löydy"));
    }

    @Test
    void theListPagesThroughTheCatalogueInTheOrderPublicationsWereAdded() {
        String before = create(details("Ennen listaa"));
        List<String> added = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            added.add(create(details("Sivutettava " + i)));
        }
        // editing does not move a publication in the list
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(details("AAA ensimmäinen aakkosissa"))
                .when().put("/v1/publications/{id}", added.get(3)).then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String next = "/v1/publications?limit=2&after=" + before;
        int pages = 0;
        while (next != null) {
            var page = given().when().get(next).then().statusCode(200).extract();
            List<String> ids = page.path("items.id");
            seen.addAll(ids);
            next = page.path("next");
            pages++;
        }
        assertEquals(added, seen);
        assertEquals(3, pages);

        given().when().get("/v1/publications?limit=2&after={id}", added.get(1))
                .then().statusCode(200)
                .body("items.id", equalTo(added.subList(2, 4)))
                .body("items[1].title", equalTo("AAA ensimmäinen aakkosissa"))
                .body("items[0].availability.copiesTotal", equalTo(0))
                .body("next", equalTo("/v1/publications?limit=2&after=" + added.get(3)));

        given().when().get("/v1/publications")
                .then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(20));
    }

    @Test
    void aPageIsAtMostOneHundredAndTheCursorMustNameAPublication() {
        given().header("Accept-Language", "fi").when().get("/v1/publications?limit=101")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors.field", equalTo(List.of("limit")));
        given().when().get("/v1/publications?limit=0")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-request"));
        given().when().get("/v1/publications?limit=100").then().statusCode(200);

        given().header("Accept-Language", "sv").when().get("/v1/publications?after={id}", UUID.randomUUID())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-cursor"))
                .body("title", equalTo("Okänd position i listan"))
                .body("errors[0].field", equalTo("after"));
        given().when().get("/v1/publications?after=not-an-id")
                .then().statusCode(400).body("code", equalTo("invalid-cursor"));
    }

    static Map<String, Object> details(String title) {
        return Map.of("title", title, "format", "EBOOK", "language", "fin");
    }

    static String create(Map<String, Object> details) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(details)
                .when().post("/v1/publications")
                .then().statusCode(201).extract().path("id");
    }

    /** A fresh, valid ISBN-13 in the 978-951 (Finland) range, so tests never collide on uniqueness. */
    static String newIsbn() {
        return fi.lainaamo.catalog.TestData.newIsbn();
    }

    static long storedWithSubtitle(String subtitle) {
        return QuarkusTransaction.requiringNew().call(() -> Publication.count("subtitle", subtitle));
    }
}
