package fi.lainaamo.license.licences;

import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.PublicationIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class LicenceResourceTest {

    @Test
    void adminAddsLicenceAndAvailabilityShowsItsSeats() {
        UUID publication = TestCatalogue.publication();
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 3, "checkouts", 10, "maxLoanDays", 14))
                .when().post("/v1/licences")
                .then().statusCode(201)
                .header("Location", containsString("/v1/licences/"))
                .body("concurrency", equalTo(3))
                .body("checkoutsLeft", equalTo(10))
                .body("status", equalTo("available"));

        given().when().get("/v1/publications/{id}/availability", publication)
                .then().statusCode(200)
                .body("seatsTotal", equalTo(3))
                .body("seatsFree", equalTo(3));
    }

    /** Acquisitions reports cost per loan from licence.added: it carries the price, currency, distributor and when. */
    @Test
    void licenceAddedCarriesPriceCurrencyAndDistributor() throws Exception {
        UUID publication = TestCatalogue.publication();
        String licenceId = given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 1, "checkouts", 26, "price", new java.math.BigDecimal("24.90"),
                        "currency", "EUR", "distributor", "ellibs", "distributorLicenceId", "urn:license:" + publication))
                .when().post("/v1/licences")
                .then().statusCode(201).extract().path("id");
        var records = fi.lainaamo.devinfra.TestKafka.readUntil(fi.lainaamo.events.Topics.LICENCE,
                r -> fi.lainaamo.events.EventTypes.LICENCE_ADDED.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_type"))
                        && licenceId.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_subject")), java.time.Duration.ofSeconds(30));
        var added = records.stream().filter(r -> licenceId.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_subject"))
                && fi.lainaamo.events.EventTypes.LICENCE_ADDED.equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_type"))).findFirst()
                .orElseThrow(() -> new AssertionError("licence.added was not published"));
        var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(added.value());
        org.junit.jupiter.api.Assertions.assertEquals("24.90", data.path("price").asText());
        org.junit.jupiter.api.Assertions.assertTrue(data.path("price").isTextual());
        org.junit.jupiter.api.Assertions.assertEquals("EUR", data.path("currency").asText());
        org.junit.jupiter.api.Assertions.assertEquals("ellibs", data.path("distributor").asText());
        org.junit.jupiter.api.Assertions.assertEquals(26, data.path("checkouts").asInt());
        org.junit.jupiter.api.Assertions.assertFalse(data.path("addedAt").isMissingNode() || data.path("addedAt").isNull());
    }

    @Test
    void invalidTermsAreRefusedWithEveryReasonAndNothingIsAdded() {
        UUID publication = UUID.randomUUID();
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("publicationId", publication, "concurrency", 0, "checkouts", -1))
                .when().post("/v1/licences")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("title", equalTo("Virheellinen pyyntö"))
                .body("errors", hasSize(2))
                .body("errors.field", hasItem("concurrency"))
                .body("errors.field", hasItem("checkouts"));

        given().auth().oauth2(TestTokens.consortiumAdmin())
                .when().get("/v1/licences?publicationId={id}", publication)
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aLicenceForAPublicationTheCatalogueNeverAnnouncedIsRefusedAndNothingIsStored() {
        UUID unheardOf = UUID.randomUUID();
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).header("Accept-Language", "sv")
                .body(Map.of("publicationId", unheardOf, "concurrency", 2))
                .when().post("/v1/licences")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("unknown-publication"))
                .body("title", equalTo("Okänd publikation"))
                .body("detail", containsString(unheardOf.toString()));
        given().auth().oauth2(TestTokens.consortiumAdmin()).header("Accept-Language", "fi")
                .body(Map.of("publicationId", unheardOf, "concurrency", 2)).contentType(ContentType.JSON)
                .when().post("/v1/licences")
                .then().statusCode(422).body("title", equalTo("Tuntematon julkaisu"));
        given().auth().oauth2(TestTokens.consortiumAdmin())
                .when().get("/v1/licences?publicationId={id}", unheardOf)
                .then().statusCode(200).body("", hasSize(0));
        given().when().get("/v1/publications/{id}/availability", unheardOf).then().body("seatsTotal", equalTo(0));

        // once the catalogue has announced it (publication.upserted on lainaamo.catalog.v1), the same licence is added
        TestCatalogue.announce(unheardOf);
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", unheardOf, "concurrency", 2))
                .when().post("/v1/licences")
                .then().statusCode(201);
    }

    @Test
    void aPublicationOfOurOwnOdlImportIsKnownWithoutWaitingForTheCatalogue() {
        String identifier = "urn:uuid:" + UUID.randomUUID();
        String feed = """
                {"publications": [{"metadata": {"identifier": "%s", "title": "Syötteen nimeke"}, "licenses": []}]}"""
                .formatted(identifier);
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType("application/opds+json").body(feed)
                .queryParam("distributor", "known-" + UUID.randomUUID())
                .when().post("/v1/imports/odl").then().statusCode(200).body("publications", equalTo(1));
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", PublicationIds.fromIdentifier(identifier), "concurrency", 1))
                .when().post("/v1/licences")
                .then().statusCode(201);
    }

    @Test
    void malformedJsonIsAProblemNotAServerError() {
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body("{\"publicationId\": \"not-a-uuid\", \"concurrency\": 1}")
                .when().post("/v1/licences")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
    }

    @Test
    void onlyConsortiumAdminsManageLicences() {
        Map<String, Object> terms = Map.of("publicationId", UUID.randomUUID(), "concurrency", 1);
        given().contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2(TestTokens.patron(UUID.randomUUID(), "091", UUID.randomUUID())).contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().auth().oauth2("not.a.token").contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences")
                .then().statusCode(401);
    }

    @Test
    void unknownLicenceIsNotFound() {
        given().auth().oauth2(TestTokens.consortiumAdmin()).header("Accept-Language", "sv")
                .when().get("/v1/licences/{id}", UUID.randomUUID())
                .then().statusCode(404)
                .body("code", equalTo("licence-not-found"))
                .body("title", equalTo("Licensen hittades inte"));
    }
}
