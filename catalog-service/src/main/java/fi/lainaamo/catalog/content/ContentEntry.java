package fi.lainaamo.catalog.content;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One file inside a stored EPUB and where its bytes lie in the large object, found once at upload: serving a chapter
 * reads just that stretch (and inflates it), never the whole book.
 */
@Entity
@Table(name = "publication_content_entry")
@IdClass(ContentEntry.Key.class)
public class ContentEntry extends PanacheEntityBase {

    @Id
    @Column(name = "publication_id")
    public UUID publicationId;
    /** The entry name in the archive, such as {@code EPUB/text/chapter-1.xhtml}. */
    @Id
    public String path;
    @Column(name = "media_type")
    public String mediaType;
    /** ZIP compression method: 0 stored, 8 deflated. */
    public int method;
    @Column(name = "data_offset")
    public long dataOffset;
    @Column(name = "compressed_size")
    public long compressedSize;
    public long size;

    public static Optional<ContentEntry> of(UUID publicationId, String path) {
        return Optional.ofNullable(findById(new Key(publicationId, path)));
    }

    /** The primary key: publication and path. */
    public static class Key implements Serializable {
        public UUID publicationId;
        public String path;

        public Key() {
        }

        public Key(UUID publicationId, String path) {
            this.publicationId = publicationId;
            this.path = path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(publicationId, other.publicationId) && Objects.equals(path, other.path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(publicationId, path);
        }
    }
}
