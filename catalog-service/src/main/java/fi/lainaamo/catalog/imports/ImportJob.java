package fi.lainaamo.catalog.imports;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One import of an ONIX file; its counters move batch by batch, with the batch's commit, while it runs. */
@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {

    /** Where a job is: waiting for the importer, reading, done, or stopped by a file that is not well-formed XML. */
    public enum Status { QUEUED, RUNNING, FINISHED, FAILED }

    @Id
    public UUID id;
    public String kind;
    /** The uploaded file's description or the server path. */
    public String source;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;
    public int processed;
    public int imported;
    public int updated;
    public int skipped;
    public int failed;
    public int withdrawn;
    public String error;
    /** The stable code of why the job failed, when it has one (onix-import-interrupted); null otherwise. */
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** Last beaten by the instance running the job (V9); a silent job is ended as interrupted. */
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
}
