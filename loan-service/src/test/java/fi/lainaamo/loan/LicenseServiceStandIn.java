package fi.lainaamo.loan;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * license-service's seat API simulated over HTTP for loan-service's own tests: every title has a free seat on a
 * licence allowing 14-day loans, except {@link #FULLY_LENT} (all copies out), {@link #UNLICENSED}, and titles made by
 * {@link #titleWithCopies} whose seats a {@link SeatLedger} counts. Releases that the real license-service makes when it
 * sees loan and hold events are made here by the test ({@link #release}). A test may add answers of its own for a
 * title (slow, unavailable, a dropped connection) and read what loan-service asked, through the admin API.
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
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.matching(DISTRIBUTOR_PREFIX + ".*")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{jsonPath request.body '$.holderId'}}\",\"licenceId\":\"" + LICENCE + "\","
                                + "\"publicationId\":\"{{jsonPath request.body '$.publicationId'}}\",\"state\":\"RESERVED\",\"kind\":\"LOAN\","
                                + "\"maxLoanDays\":14,\"fulfilment\":{\"kind\":\"distributor\",\"licenseHref\":\"" + DISTRIBUTOR_LICENCE_DOCUMENTS
                                + "{{jsonPath request.body '$.holderId'}}\",\"statusHref\":\"https://distributor.example/loans/1\","
                                + "\"contentType\":\"application/vnd.readium.lcp.license.v1.0+json\",\"renewable\":false}}")));
        server.stubFor(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", com.github.tomakehurst.wiremock.client.WireMock.matching(RENEWABLE_PREFIX + ".*")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{jsonPath request.body '$.holderId'}}\",\"licenceId\":\"" + LICENCE + "\","
                                + "\"publicationId\":\"{{jsonPath request.body '$.publicationId'}}\",\"state\":\"RESERVED\",\"kind\":\"LOAN\","
                                + "\"maxLoanDays\":60,\"fulfilment\":{\"kind\":\"distributor\",\"licenseHref\":\"" + DISTRIBUTOR_LICENCE_DOCUMENTS
                                + "{{jsonPath request.body '$.holderId'}}\",\"contentType\":\"application/vnd.readium.lcp.license.v1.0+json\","
                                + "\"renewable\":true}}")));
        // the distributor grants a renewal one day shorter than asked, so a test sees its end win
        server.stubFor(post(urlPathMatching("/v1/seats/[^/]+/renew")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{request.pathSegments.[2]}}\",\"licenceId\":\"" + LICENCE + "\",\"state\":\"CONFIRMED\","
                                + "\"kind\":\"LOAN\",\"loanUntil\":\"{{date (parseDate (jsonPath request.body '$.until')) offset='-1 days'}}\"}")));
        // the seat escrow's grants: none, unless a test lists some (listGrants)
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/seats/grants")).atPriority(9)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")));
        return Map.of("quarkus.rest-client.license-service.url", server.baseUrl());
    }

    /** license-service lists these grants of {@code title} (JSON array of seat-granted data) to loan-service. */
    public static StubMapping listGrants(UUID title, String grantsJson) {
        return admin().register(WireMock.get(urlPathEqualTo("/v1/seats/grants")).atPriority(1)
                .withQueryParam("publicationId", WireMock.equalTo(title.toString()))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(grantsJson)));
    }

    /** Seat requests for {@code title} are refused with the problem code (409), as license-service refuses them. */
    public static StubMapping refuse(UUID title, String code) {
        return answer(title, problem(code));
    }

    static final String DISTRIBUTOR_PREFIX = "d15d15d1";
    static final String RENEWABLE_PREFIX = "d15d15d2";

    /** A new title from a distributor that offers renewals. */
    public static UUID titleFromARenewingDistributor() {
        return UUID.fromString(RENEWABLE_PREFIX + UUID.randomUUID().toString().substring(8));
    }
    /** Where the simulated distributor keeps each loan's LCP licence (the loan id follows). */
    public static final String DISTRIBUTOR_LICENCE_DOCUMENTS = "https://distributor.example/lcp/";

    /** A new title licensed from a distributor: license-service answers its seats with the distributor's LCP licence. */
    public static UUID titleFromADistributor() {
        return UUID.fromString(DISTRIBUTOR_PREFIX + UUID.randomUUID().toString().substring(8));
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

    /** The stand-in's admin API: a test adds its own answers for a title and reads what loan-service asked. */
    static WireMock admin() {
        java.net.URI url = java.net.URI.create(baseUrl());
        return new WireMock(url.getHost(), url.getPort());
    }

    /** Seats of {@code title} are granted only after {@code delay} (license-service busy, a slow distributor). */
    public static StubMapping answerSlowly(UUID title, java.time.Duration delay) {
        return admin().register(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", WireMock.equalTo(title.toString())))
                .willReturn(aResponse().withStatus(201).withFixedDelay((int) delay.toMillis())
                        .withHeader("Content-Type", "application/json").withTransformers("response-template")
                        .withBody("{\"holderId\":\"{{jsonPath request.body '$.holderId'}}\",\"licenceId\":\"" + LICENCE + "\","
                                + "\"publicationId\":\"{{jsonPath request.body '$.publicationId'}}\",\"state\":\"RESERVED\",\"kind\":\"LOAN\","
                                + "\"maxLoanDays\":14}")));
    }

    /** Seats of {@code title} (made by {@link #titleWithCopies}) are answered by the seat ledger, but only after {@code delay}. */
    public static StubMapping ledgerAnswersSlowly(UUID title, java.time.Duration delay) {
        return admin().register(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", WireMock.equalTo(title.toString())))
                .willReturn(aResponse().withFixedDelay((int) delay.toMillis()).withTransformers(SeatLedger.NAME)));
    }

    /** Seat requests for {@code title} get {@code answer} (an HTTP 503, a dropped connection, ...). */
    public static StubMapping answer(UUID title, ResponseDefinitionBuilder answer) {
        return admin().register(post(urlPathEqualTo("/v1/seats")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.publicationId", WireMock.equalTo(title.toString()))).willReturn(answer));
    }

    /** Takes away an answer added by a test: the title is lent normally again. */
    public static void forget(StubMapping answer) {
        admin().removeStubMapping(answer);
    }

    /** The holder ids loan-service asked seats of {@code title} for, in the order asked. */
    public static List<UUID> seatRequestsFor(UUID title) {
        return admin().find(postRequestedFor(urlPathEqualTo("/v1/seats"))
                        .withRequestBody(matchingJsonPath("$.publicationId", WireMock.equalTo(title.toString())))).stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> UUID.fromString(io.restassured.path.json.JsonPath.from(r.getBodyAsString()).getString("holderId")))
                .toList();
    }

    /** Whether loan-service gave the seat of {@code holderId} back ({@code DELETE /v1/seats/{holderId}}). */
    public static boolean releaseAskedFor(UUID holderId) {
        return !admin().find(deleteRequestedFor(urlPathEqualTo("/v1/seats/" + holderId))).isEmpty();
    }

    /** A seat taken directly at the stand-in, as license-service took it for a borrow before loan-service crashed. */
    public static void takeSeat(UUID holderId, UUID publicationId, String kind, java.time.Instant heldUntil) {
        Map<String, Object> seat = new java.util.HashMap<>(Map.of("holderId", holderId, "publicationId", publicationId, "kind", kind));
        if (heldUntil != null) {
            seat.put("heldUntil", heldUntil.toString());
        }
        io.restassured.RestAssured.given().baseUri(baseUrl()).contentType(io.restassured.http.ContentType.JSON).body(seat)
                .when().post("/v1/seats").then().statusCode(201);
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
