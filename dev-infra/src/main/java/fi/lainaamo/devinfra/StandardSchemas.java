package fi.lainaamo.devinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;

/**
 * The official OPDS 2.0, Readium Web Publication Manifest and License Status Document schemas (copies of
 * ../shared/schemas kept in this module's resources, with their licences), their https $ids mapped to those copies so
 * tests validate documents without a network.
 */
public final class StandardSchemas {

    public static final String OPDS_FEED = "https://drafts.opds.io/schema/feed.schema.json";
    public static final String OPDS_PUBLICATION = "https://drafts.opds.io/schema/publication.schema.json";
    public static final String OPDS_AUTHENTICATION = "https://drafts.opds.io/schema/authentication.schema.json";
    public static final String LSD = "https://readium.org/lcp-specs/schema/status.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder.schemaIdResolvers(ids -> ids
                    .mapPrefix("https://drafts.opds.io/schema/", "classpath:standard-schemas/opds/")
                    .mapPrefix("https://readium.org/webpub-manifest/schema/", "classpath:standard-schemas/webpub-manifest/")
                    .mapPrefix("https://readium.org/lcp-specs/schema/", "classpath:standard-schemas/lcp/")));

    private StandardSchemas() {
    }

    /** Every violation of the schema at {@code id}, as readable messages; empty when the document is valid. */
    public static List<String> violations(String id, String document) {
        try {
            JsonNode node = JSON.readTree(document);
            return SCHEMAS.getSchema(SchemaLocation.of(id)).validate(node).stream().map(Object::toString).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot validate against " + id, e);
        }
    }
}
