package fi.lainaamo.catalog.content;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * The content of a title without a distributor: an EPUB or an audiobook manifest, whose bytes are a PostgreSQL large
 * object ({@code largeObject} is its oid). One per publication; a new upload replaces it and unlinks the old object
 * in the same transaction, so no bytes are ever orphaned.
 */
@Entity
@Table(name = "publication_content")
public class PublicationContent extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "media_type")
    public String mediaType;
    public long size;
    /** Lower-case hex SHA-256 of the bytes, also the ETag of the download. */
    public String sha256;
    @Column(name = "large_object")
    public long largeObject;
    @Column(name = "reading_order_count")
    public int readingOrderCount;
    /** What the EPUB's package document says (null for an audiobook manifest). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "package_document")
    public EpubPackage packageDocument;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    /** The role the upload was made with. */
    @Column(name = "uploaded_by")
    public String uploadedBy;
}
