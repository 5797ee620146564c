package fi.lainaamo.catalog.publications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.lainaamo.catalog.TestData;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.PublicationUpserted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The import's JDBC writer against the entity: a publication it writes has the row, the search entry and the event
 * that {@link PublicationService} (Hibernate) gives the same description, column for column.
 */
@QuarkusTest
class ImportedPublicationsTest {

    @Inject
    PublicationService publications;

    @Inject
    ImportedPublications rows;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Test
    void theWriterStoresTheRowTheSearchEntryAndTheEventTheEntityDoes() throws Exception {
        String byEntity = TestData.newIsbn();
        String byWriter = TestData.newIsbn();
        PublicationView made = publications.create(details(byEntity));
        UUID id = PublicationIds.fromIdentifier(byWriter);
        PublicationUpserted[] event = new PublicationUpserted[1];
        QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(connection -> {
            ImportedPublications.Pending p = new ImportedPublications.Pending(id, false, false);
            event[0] = p.describe(details(byWriter), Instant.now().truncatedTo(ChronoUnit.MICROS));
            rows.write(connection, List.of(p));
        }));

        String publication = "select to_jsonb(p) - 'id' - 'isbn' - 'created_at' - 'updated_at' from publication p where id = ?1";
        assertEquals(row(publication, made.id()), row(publication, id));
        String entry = "select to_jsonb(e) - 'publication_id' - 'created_at' - 'sample_slice' from search_entry e where publication_id = ?1";
        assertEquals(row(entry, made.id()), row(entry, id));
        assertNotEquals(null, row(entry, id));

        // the entity's event as other services read it, against the one the writer hands the import to record
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> seen = fi.lainaamo.devinfra.TestKafka.readUntil(
                fi.lainaamo.events.Topics.CATALOG, r -> made.id().toString().equals(fi.lainaamo.devinfra.TestKafka.header(r, "ce_subject")),
                java.time.Duration.ofSeconds(20));
        JsonNode recorded = json.readTree(seen.get(seen.size() - 1).value());
        assertEquals(made.id().toString(), recorded.get("publicationId").asText());
        assertEquals(withoutIds(recorded), withoutIds(json.valueToTree(event[0])));
    }

    @Test
    void anUpdateKeepsAWithdrawalAndAWithdrawalKeepsTheDescription() throws Exception {
        String isbn = TestData.newIsbn();
        PublicationView made = publications.create(details(isbn));
        publications.withdraw(made.id(), "rights-ended");
        PublicationDetails renamed = json.convertValue(((ObjectNode) json.valueToTree(details(isbn))).put("title", "Uusi nimi"), PublicationDetails.class);
        QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(connection -> {
            ImportedPublications.Pending p = new ImportedPublications.Pending(made.id(), true, true);
            p.describe(renamed, Instant.now().truncatedTo(ChronoUnit.MICROS));
            assertEquals(false, p.withdraw(Instant.now()));
            rows.write(connection, List.of(p));
        }));
        PublicationView after = publications.get(made.id());
        assertEquals("Uusi nimi", after.title());
        assertEquals("WITHDRAWN", after.status());
        assertEquals("rights-ended", after.withdrawnReason());

        String other = TestData.newIsbn();
        PublicationView active = publications.create(details(other));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(connection -> {
            ImportedPublications.Pending p = new ImportedPublications.Pending(active.id(), true, false);
            assertEquals(true, p.withdraw(now));
            rows.write(connection, List.of(p));
        }));
        PublicationView withdrawn = publications.get(active.id());
        assertEquals("WITHDRAWN", withdrawn.status());
        assertEquals("onix-delete", withdrawn.withdrawnReason());
        assertEquals(now, withdrawn.withdrawnAt());
        assertEquals(active.title(), withdrawn.title());
        assertEquals(null, row("select publication_id from search_entry where publication_id = ?1", active.id()));
    }

    /** The rich record, with what COPY's text format and array literals must escape in its text and array columns. */
    private PublicationDetails details(String isbn) {
        java.util.Map<String, Object> d = RichPublicationTest.rich(isbn);
        d.put("description", "Rivi 1\nRivi 2\t\\N \\ \"lainaus\" \r\n{a,b} loppu");
        d.put("subjects", List.of(java.util.Map.of("scheme", "keyword", "name", "a,\"b\"{c}\\d"), java.util.Map.of("scheme", "keyword", "name", "NULL"),
                java.util.Map.of("scheme", "thema", "code", "FBA", "name", "Nykyaikainen kaunokirjallisuus")));
        d.put("contributors", List.of(java.util.Map.of("name", "Väinö \"Linna\" \\ Tab\tTab", "role", "author")));
        return json.convertValue(d, PublicationDetails.class);
    }

    private Object row(String sql, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql.replace("select ", "select cast(").replace(" from ", " as text) from "))
                .setParameter(1, id).getResultStream().findFirst().orElse(null));
    }

    private static JsonNode withoutIds(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        copy.remove("publicationId");
        copy.remove("identifiers");
        return copy;
    }
}
