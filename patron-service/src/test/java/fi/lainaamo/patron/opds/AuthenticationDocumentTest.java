package fi.lainaamo.patron.opds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AuthenticationDocumentTest {

    @Test
    void theDocumentIsPublicAndValidAgainstTheOpdsSchema() throws Exception {
        String body = given().when().get("/v1/opds/authentication")
                .then().statusCode(200)
                .contentType("application/opds-authentication+json")
                .body("authentication.type", hasItem("http://opds-spec.org/auth/basic"))
                .body("authentication.type", hasItem("http://opds-spec.org/auth/oauth/implicit"))
                .body("authentication[0].links.find { it.rel == 'authenticate' }.href", containsString("/v1/sign-in"))
                .extract().asString();

        // the schema's links refer to the Readium and OPDS schemas by their web addresses; the copies here are used
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, builder -> builder
                .schemaIdResolvers(resolvers -> resolvers
                        .mapPrefix("https://readium.org/webpub-manifest/schema/", "classpath:schemas/webpub-manifest/")
                        .mapPrefix("https://drafts.opds.io/schema/", "classpath:schemas/opds/")));
        try (InputStream schemaFile = getClass().getResourceAsStream("/schemas/opds/authentication.schema.json")) {
            Schema schema = registry.getSchema(schemaFile);
            JsonNode document = new ObjectMapper().readTree(body);
            assertEquals(List.of(), schema.validate(document));
        }
    }

    @Test
    void aProtectedResourceLinksToIt() {
        given().when().get("/v1/patrons/me")
                .then().statusCode(401)
                .header("Link", containsString("/v1/opds/authentication>; rel=\"http://opds-spec.org/auth/document\""))
                .body("code", equalTo("unauthenticated"));
    }
}
