package fi.lainaamo.loan;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * license-service's seat API simulated over HTTP for loan-service's own tests: every title has a free seat on a
 * licence allowing 14-day loans, except {@link #FULLY_LENT} (all copies out), {@link #UNLICENSED}, and titles made by
 * {@link #titleWithCopies} whose seats a {@link SeatLedger} counts. Releases that the real license-service makes when it
 * sees loan and hold events are made here by the test ({@link #release}).
 */
public class LicenseServiceStandIn implements QuarkusTestResourceLifecycleManager {

    public static final UUID FULLY_LENT = UUID.fromString("00000000-0000-0000-0000-00000000f011");
    public static final UUID UNLICENSED = UUID.fromString("00000000-0000-0000-0000-0000000000e0");
    public static final UUID LICENCE = UUID.fromString("00000000-0000-0000-0000-00000000111c");

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new SeatLedger()));
        server.start();
        // titles with a fixed number of copies go through the seat ledger; so do lends and releases
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(2)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.matching(SeatLedger.PREFIX + ".*")))
                .willReturn(aResponse().withTransformers(SeatLedger.NAME)));
        server.stubFor(post(urlPathMatching("/v1/seats/[^/]+/lend")).willReturn(aResponse().withTransformers(SeatLedger.NAME)));
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.matching(EXPIRING_SOON_PREFIX + ".*")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{jsonPath request.body '$.holderId'}}\",\"licenceId\":\"" + LICENCE + "\","
                                + "\"publicationId\":\"{{jsonPath request.body '$.publicationId'}}\",\"state\":\"RESERVED\",\"kind\":\"LOAN\","
                                + "\"maxLoanDays\":14,\"licenceExpires\":\"{{now offset='3 seconds'}}\"}")));
        server.stubFor(delete(urlPathMatching("/v1/seats/.*")).atPriority(1).willReturn(aResponse().withTransformers(SeatLedger.NAME)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/standin/seats/.*"))
                .willReturn(aResponse().withTransformers(SeatLedger.NAME)));
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(9)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{jsonPath request.body '$.holderId'}}\",\"licenceId\":\"" + LICENCE + "\","
                                + "\"publicationId\":\"{{jsonPath request.body '$.publicationId'}}\",\"state\":\"RESERVED\",\"maxLoanDays\":14}")));
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(FULLY_LENT.toString())))
                .willReturn(problem("no-free-copy")));
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(UNLICENSED.toString())))
                .willReturn(problem("no-licence")));
        return Map.of("quarkus.rest-client.license-service.url", server.baseUrl());
    }

    static final String EXPIRING_SOON_PREFIX = "e4e4e4e4";

    /** A new title whose only licence expires three seconds after a seat is taken: its loans end almost at once. */
    public static UUID titleWhoseLicenceExpiresSoon() {
        return UUID.fromString(EXPIRING_SOON_PREFIX + UUID.randomUUID().toString().substring(8));
    }

    /** A new title with exactly {@code copies} seats. */
    public static UUID titleWithCopies(int copies) {
        return SeatLedger.newTitle(copies);
    }

    /** Releases a seat, as license-service does when it sees a returned loan or an ended hold. */
    public static void release(UUID holderId) {
        io.restassured.RestAssured.given().baseUri(baseUrl()).when().delete("/v1/seats/{id}", holderId).then().statusCode(204);
    }

    /** Who holds the title's seats now: holder id -> LOAN or HOLD. */
    public static Map<String, String> seatsOf(UUID publicationId) {
        List<Map<String, String>> list = io.restassured.RestAssured.given().baseUri(baseUrl())
                .when().get("/standin/seats/{id}", publicationId).then().statusCode(200).extract().jsonPath().getList("");
        Map<String, String> seats = new java.util.LinkedHashMap<>();
        list.forEach(seat -> seats.put(seat.get("holderId"), seat.get("kind")));
        return seats;
    }

    private static String baseUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.rest-client.license-service.url", String.class);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(String code) {
        return aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://lainaamo.fi/problems/" + code + "\",\"status\":409,\"code\":\"" + code + "\"}");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
