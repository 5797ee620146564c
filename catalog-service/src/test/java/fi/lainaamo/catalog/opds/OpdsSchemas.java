package fi.lainaamo.catalog.opds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official OPDS 2.0 and Readium Web Publication Manifest schemas, read from copies in src/test/resources
 * (their https $ids are mapped to the classpath: no network in tests).
 */
final class OpdsSchemas {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b
            .schemaIdResolvers(r -> r
                    .mapPrefix("https://drafts.opds.io/schema/", "classpath:schemas/opds/")
                    .mapPrefix("https://readium.org/webpub-manifest/schema/", "classpath:schemas/webpub-manifest/")));
    static final Schema FEED = REGISTRY.getSchema(SchemaLocation.of("https://drafts.opds.io/schema/feed.schema.json"));
    static final Schema PUBLICATION = REGISTRY.getSchema(SchemaLocation.of("https://drafts.opds.io/schema/publication.schema.json"));

    private OpdsSchemas() {
    }

    static void assertValid(Schema schema, String json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> errors = schema.validate(node).stream().map(e -> e.toString()).toList();
        assertEquals(List.of(), errors, () -> json.length() > 600 ? json.substring(0, 600) + "..." : json);
    }
}
