package fi.lainaamo.web;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The health report the Kubernetes probes ask (deploy/k8s: startup, liveness, readiness) is on the management port,
 * not on the public one.
 */
@QuarkusTest
class HealthTest {

    // relative to the management root, /q
    @TestHTTPResource(value = "health", management = true)
    URL health;

    @Test
    void startedLiveAndReadyOnTheManagementPortOnly() {
        for (String check : new String[] {"started", "live", "ready"}) {
            given().get(health + "/" + check).then().statusCode(200).body("status", equalTo("UP"));
        }
        given().get("/q/health/ready").then().statusCode(404);
    }
}
