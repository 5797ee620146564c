package fi.lainaamo.platform.events;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The public port answers readiness as UP or DOWN and nothing more; the full health report, with the consumers and the
 * topics, and the metrics are on the management port only.
 */
@QuarkusTest
class ReadinessResourceTest {

    // relative to the management root, /q
    @TestHTTPResource(value = "health/ready", management = true)
    URL managementReadiness;

    @TestHTTPResource(value = "metrics", management = true)
    URL managementMetrics;

    @Test
    void thePublicPortSaysOnlyWhetherTheServiceIsReady() {
        Map<String, Object> answer = given().get("/ready").then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getMap("");
        assertEquals(Map.of("status", "UP"), answer);
    }

    @Test
    void healthDetailsAndMetricsAreNotOnThePublicPort() {
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void theManagementPortHasTheFullReportAndTheMetrics() {
        given().get(managementReadiness).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0]", hasKey("data")).body("checks.name", hasItem("Lainaamo dependencies and consumers"));
        given().get(managementMetrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"))
                .header("X-Content-Type-Options", "nosniff");
    }
}
