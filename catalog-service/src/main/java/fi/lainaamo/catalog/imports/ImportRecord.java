package fi.lainaamo.catalog.imports;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** What an import did with one product of the file (seq = its position), with the reason when not stored. */
@Entity
@Table(name = "import_record")
@IdClass(ImportRecord.Key.class)
public class ImportRecord extends PanacheEntityBase {

    /** The outcome of one product. */
    public enum Outcome { IMPORTED, UPDATED, WITHDRAWN, SKIPPED, FAILED }

    @Id
    @Column(name = "job_id")
    public UUID jobId;
    @Id
    public int seq;
    @Column(name = "record_reference")
    public String recordReference;
    public String isbn;
    @Column(name = "publication_id")
    public UUID publicationId;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    /** The stable code of {@link #reason} ({@link RecordReason}); null for records imported before codes existed. */
    @Column(name = "reason_code")
    public String reasonCode;
    public String reason;

    public static List<ImportRecord> page(UUID jobId, Outcome outcome, int afterSeq, int limit) {
        return outcome == null
                ? find("jobId = ?1 and seq > ?2 order by seq", jobId, afterSeq).page(0, limit).list()
                : find("jobId = ?1 and seq > ?2 and outcome = ?3 order by seq", jobId, afterSeq, outcome).page(0, limit).list();
    }

    /** The composite key (job, position in the file). */
    public static class Key implements Serializable {
        public UUID jobId;
        public int seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, seq);
        }
    }
}
