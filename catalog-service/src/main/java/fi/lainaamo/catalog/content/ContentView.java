package fi.lainaamo.catalog.content;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** What the content store holds for a publication, for consortium admins (never the bytes). */
@Schema(name = "PublicationContent", description = "Stored content of a title without a distributor")
public record ContentView(
        UUID publicationId,
        @Schema(description = "application/epub+zip or application/audiobook+json") String mediaType,
        @Schema(description = "Bytes stored") long size,
        @Schema(description = "Lower-case hex SHA-256 of the bytes (also the download's ETag)") String sha256,
        @Schema(description = "Chapters (EPUB spine, linear items) or audio tracks in the reading order") int readingOrderCount,
        @Schema(nullable = true, description = "The EPUB's own title (dc:title); null for an audiobook manifest") String title,
        @Schema(nullable = true, description = "The EPUB's language (dc:language, BCP 47); null when it has none") String language,
        Instant uploadedAt,
        @Schema(description = "The role the upload was made with") String uploadedBy) {

    static ContentView of(PublicationContent content) {
        EpubPackage epub = content.packageDocument;
        return new ContentView(content.publicationId, content.mediaType, content.size, content.sha256, content.readingOrderCount,
                epub == null ? null : epub.title(), epub == null ? null : epub.language(), content.uploadedAt, content.uploadedBy);
    }
}
