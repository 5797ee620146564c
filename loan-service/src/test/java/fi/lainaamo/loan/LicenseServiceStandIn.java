package fi.lainaamo.loan;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
 * licence allowing 14-day loans, except {@link #FULLY_LENT} (all copies out) and {@link #UNLICENSED}.
 */
public class LicenseServiceStandIn implements QuarkusTestResourceLifecycleManager {

    public static final UUID FULLY_LENT = UUID.fromString("00000000-0000-0000-0000-00000000f011");
    public static final UUID UNLICENSED = UUID.fromString("00000000-0000-0000-0000-0000000000e0");
    public static final UUID LICENCE = UUID.fromString("00000000-0000-0000-0000-00000000111c");

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
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
        server.stubFor(delete(urlPathMatching("/v1/seats/.*")).willReturn(aResponse().withStatus(204)));
        return Map.of("quarkus.rest-client.license-service.url", server.baseUrl());
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
