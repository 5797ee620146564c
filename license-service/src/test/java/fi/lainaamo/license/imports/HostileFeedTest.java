package fi.lainaamo.license.imports;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static fi.lainaamo.license.imports.ImportResourceTest.fixture;
import static fi.lainaamo.license.imports.ImportResourceTest.upload;
import static org.hamcrest.Matchers.equalTo;

/** A NUL in the distributor's name or anywhere in a feed sent as the body was a 500; it is a 400 naming the place. */
@QuarkusTest
class HostileFeedTest {

    @Test
    void aNulInTheDistributorIsRefusedNamingTheParameter() throws IOException {
        upload(fixture("ellibs_feed_single_publication.json"), "ellibs\u0000x").statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid-characters"))
                .body("errors[0].code", equalTo("invalid-characters-in-query")).body("errors[0].field", equalTo("distributor"));
    }

    @Test
    void aNulInAFeedIsRefusedNamingTheField() throws IOException {
        String feed = fixture("ellibs_feed_single_publication.json").replace("Maahan kätketty", "Maahan\\u0000kätketty");
        upload(feed, "ellibs-hostile").statusCode(400).body("code", equalTo("invalid-characters"))
                .body("errors[0].field", equalTo("publications[0].metadata.title"));
    }
}
