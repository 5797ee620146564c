package fi.lainaamo.patron;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * loan-service's GDPR endpoint simulated over HTTP: for any patron it answers one loan, one hold and the history.
 * Tests that need it to fail get the server through {@link LoanServiceMock} and add their own stub.
 */
public class LoanServiceStandIn implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/v1/gdpr/patrons/[^/]+")).atPriority(9)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"patronId\":\"{{request.pathSegments.[3]}}\",\"loans\":[{\"publicationId\":\"p-1\",\"status\":\"active\"}],"
                                + "\"holds\":[{\"publicationId\":\"p-2\",\"position\":1}],\"history\":[]}")));
        // catalog-service's title pages (for e-mail notices) are asked here too: none is known until a test stubs it
        return Map.of("lainaamo.loan-service.url", server.baseUrl(), "lainaamo.catalog-service.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(LoanServiceMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
