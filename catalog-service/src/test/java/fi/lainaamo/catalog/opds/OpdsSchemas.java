package fi.lainaamo.catalog.opds;

import fi.lainaamo.devinfra.StandardSchemas;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The catalogue's feeds checked against the official OPDS 2.0 schemas (dev-infra's {@link StandardSchemas}). */
final class OpdsSchemas {

    static final String FEED = StandardSchemas.OPDS_FEED;
    static final String PUBLICATION = StandardSchemas.OPDS_PUBLICATION;

    private OpdsSchemas() {
    }

    static void assertValid(String schema, String json) {
        assertEquals(List.of(), StandardSchemas.violations(schema, json),
                () -> json.length() > 600 ? json.substring(0, 600) + "..." : json);
    }
}
