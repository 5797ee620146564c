package fi.lainaamo.license;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;

/**
 * loan-service's seat-holder lookup simulated over HTTP for license-service's tests, so no test ever reaches a real
 * port. Tests say what loan-service would answer for a holder id ({@link #loanActive}, {@link #loanEnded}, ...);
 * any other id is unknown, as it is to loan-service when a borrow never committed. {@link #failFor} makes every
 * lookup that includes the id fail (HTTP 500, a reset connection, or an answer slower than the read timeout), the
 * way a loan-service that is down or overloaded does. {@link #timesAsked} counts the lookups that included an id.
 */
public class LoanServiceStandIn implements QuarkusTestResourceLifecycleManager {

    /** How a lookup fails. */
    public enum Failure { ERROR, RESET, SLOW }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(new SeatHolderBook()));
        server.start();
        server.stubFor(any(urlPathMatching("/(v1/seat-holders/lookup|standin/.*)"))
                .willReturn(aResponse().withTransformers(SeatHolderBook.NAME)));
        return Map.of("quarkus.rest-client.loan-service.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static void loanActive(UUID loanId) {
        answer(loanId, Map.of("kind", "loan", "state", "active"));
    }

    public static void loanEnded(UUID loanId) {
        answer(loanId, Map.of("kind", "loan", "state", "ended"));
    }

    public static void failFor(UUID holderId, Failure failure) {
        answer(holderId, Map.of("failure", failure.name()));
    }

    /** How many lookups so far included this holder id. */
    public static int timesAsked(UUID holderId) {
        return given().baseUri(baseUrl()).when().get("/standin/asked/{id}", holderId).then().statusCode(200)
                .extract().path("times");
    }

    private static void answer(UUID holderId, Map<String, String> answer) {
        given().baseUri(baseUrl()).contentType(ContentType.JSON).body(answer)
                .when().put("/standin/holders/{id}", holderId).then().statusCode(204);
    }

    private static String baseUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.loan-service.url", String.class);
    }
}
