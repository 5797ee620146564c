package fi.lainaamo.loan.status;

import fi.lainaamo.loan.LicenseServiceStandIn;
import fi.lainaamo.devinfra.StandardSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loans as Readium License Status Documents, renewal, return through the document's links, and fulfilment links. */
@QuarkusTest
class StatusDocumentTest {

    static Response status(UUID patron, String loan) {
        return given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/status", loan);
    }

    @Test
    void anActiveLoanIsAValidStatusDocumentWithReturnAndRenewLinks() {
        UUID patron = UUID.randomUUID();
        Response borrowed = borrow(patron, UUID.randomUUID()).then().statusCode(201).extract().response();
        String loan = borrowed.path("id");
        Response doc = status(patron, loan).then().statusCode(200)
                .contentType("application/vnd.readium.license.status.v1.0+json")
                .body("status", equalTo("active")).body("potential_rights.end", equalTo(borrowed.path("dueAt")))
                .body("links.rel", hasItems("self", "license", "return", "renew"))
                .body("events[0].type", equalTo("register")).extract().response();
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.LSD, doc.asString()));
        given().auth().oauth2(token(UUID.randomUUID())).when().get("/v1/loans/{id}/status", loan).then().statusCode(404);
    }

    @Test
    void renewingCountsFromTheOldDueDateUntilTheLimit() {
        UUID patron = UUID.randomUUID();
        Response borrowed = borrow(patron, UUID.randomUUID()).then().statusCode(201).extract().response();
        String loan = borrowed.path("id");
        Instant due = Instant.parse(borrowed.path("dueAt"));
        Response renewed = given().auth().oauth2(token(patron)).when().put("/v1/loans/{id}/status/renew", loan)
                .then().statusCode(200).body("status", equalTo("active")).extract().response();
        assertEquals(due.plus(Duration.ofDays(14)), Instant.parse(renewed.path("potential_rights.end")),
                "the licence allows 14 days per loan, less than the policy's 21");
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/status/renew", loan)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("http://readium.org/license-status-document/error/renew/date"));
        given().auth().oauth2(token(patron)).header("Accept-Language", "fi").when().post("/v1/loans/{id}/renew", loan)
                .then().statusCode(422).body("code", equalTo("renew-refused"))
                .body("errors[0].code", equalTo("renewal-limit-reached")).body("errors[0].title", equalTo("Uusintaraja täynnä"));
    }

    @Test
    void nobodyRenewsWhileOthersWait() {
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        UUID patron = UUID.randomUUID();
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        placeHold(UUID.randomUUID(), title).then().statusCode(201);
        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/renew", loan)
                .then().statusCode(422).body("errors.code", hasItem("renew-people-waiting"));
    }

    @Test
    void returningThroughTheDocumentAcceptsPutAndGetOnce() {
        UUID patron = UUID.randomUUID();
        String loan = borrow(patron, UUID.randomUUID()).then().statusCode(201).extract().path("id");
        Response returned = given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/status/return", loan)
                .then().statusCode(200).body("status", equalTo("returned")).body("events.type", hasItem("return"))
                .extract().response();
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.LSD, returned.asString()));
        given().auth().oauth2(token(patron)).when().put("/v1/loans/{id}/status/return", loan)
                .then().statusCode(403).body("type", equalTo("http://readium.org/license-status-document/error/return/already"));
        status(patron, loan).then().body("status", equalTo("returned"));
    }

    @Test
    void aDistributorsLoanOpensWithItsLcpLicence() {
        UUID patron = UUID.randomUUID();
        UUID title = fi.lainaamo.loan.LicenseServiceStandIn.titleFromADistributor();
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        String lcp = fi.lainaamo.loan.LicenseServiceStandIn.DISTRIBUTOR_LICENCE_DOCUMENTS + loan;
        status(patron, loan).then().statusCode(200)
                .body("links.find { it.rel == 'license' }.href", equalTo(lcp))
                .body("links.find { it.rel == 'license' }.type", equalTo("application/vnd.readium.lcp.license.v1.0+json"));
        String href = given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/fulfilment", loan)
                .then().statusCode(200).extract().path("href");
        given().redirects().follow(false).when().get(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery())
                .then().statusCode(303).header("Location", equalTo(lcp));
    }

    @Test
    void aFulfilmentLinkWorksOnlyForTheActiveLoanAndOnlyUnchanged() {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        given().auth().oauth2(token(UUID.randomUUID())).when().get("/v1/loans/{id}/fulfilment", loan).then().statusCode(404);
        String href = given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/fulfilment", loan)
                .then().statusCode(200).extract().path("href");
        String pathAndQuery = URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery();
        String content = given().redirects().follow(false).when().get(pathAndQuery)
                .then().statusCode(303).header("Location", startsWith("http://content.example/v1/publications/" + title + "/content?"))
                .extract().header("Location");
        // catalog-service's content store checks the signature with the key it shares with loan-service
        java.util.Map<String, String> query = new java.util.HashMap<>();
        for (String pair : URI.create(content).getRawQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        org.junit.jupiter.api.Assertions.assertTrue(fi.lainaamo.events.ContentLinks.verify("test-content-signing-key", title,
                Long.parseLong(query.get("expires")), query.get("sig"), java.time.Instant.now()));
        given().redirects().follow(false).when().get(pathAndQuery + "&as=manifest")
                .then().statusCode(303).header("Location", startsWith("http://content.example/v1/publications/" + title + "/manifest?"));
        given().redirects().follow(false).when().get(pathAndQuery.replace("signature=", "signature=x"))
                .then().statusCode(403).body("code", equalTo("fulfilment-link-invalid"));
        given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/return", loan).then().statusCode(200);
        given().redirects().follow(false).when().get(pathAndQuery).then().statusCode(403);
        given().auth().oauth2(token(patron)).when().get("/v1/loans/{id}/fulfilment", loan).then().statusCode(409);
    }
}
