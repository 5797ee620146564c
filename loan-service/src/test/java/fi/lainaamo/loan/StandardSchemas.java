package fi.lainaamo.loan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;

/**
 * The official OPDS 2.0, Readium Web Publication and License Status Document schemas (copies of ../shared/schemas in
 * src/test/resources/schemas), with their https $ids mapped to those copies: no network is needed.
 */
public final class StandardSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder.schemaIdResolvers(ids -> ids
                    .mapPrefix("https://drafts.opds.io/schema/", "classpath:schemas/opds/")
                    .mapPrefix("https://readium.org/webpub-manifest/schema/", "classpath:schemas/webpub-manifest/")
                    .mapPrefix("https://readium.org/lcp-specs/schema/", "classpath:schemas/lcp/")));

    public static final String OPDS_FEED = "https://drafts.opds.io/schema/feed.schema.json";
    public static final String LSD = "https://readium.org/lcp-specs/schema/status.schema.json";

    private StandardSchemas() {
    }

    /** Every violation of the schema at {@code id}, as readable messages; empty when the document is valid. */
    public static List<String> violations(String id, String document) {
        try {
            JsonNode node = JSON.readTree(document);
            Schema schema = SCHEMAS.getSchema(SchemaLocation.of(id));
            return schema.validate(node).stream().map(Object::toString).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot validate against " + id, e);
        }
    }
}
