package fi.lainaamo.catalog.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.catalog.publications.Publication;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps, replaces, describes and hands out the content of titles without a distributor. An upload goes to a temporary
 * file first (counted and hashed as it arrives, cut off at the size limit), is checked there with no database
 * connection held, and only then streamed into a large object; the row, its entry index and the unlinking of an
 * earlier object commit together.
 */
@ApplicationScoped
public class ContentService {

    private static final Logger LOG = Logger.getLogger(ContentService.class);
    /** Storing 200 MB on a busy two-core machine takes a while; the default 60 s is too tight. */
    private static final int STORE_TIMEOUT_SECONDS = 600;

    @Inject
    ContentSettings settings;

    @Inject
    LargeObjects largeObjects;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    /** A stored content and whether this upload created it (false: it replaced or equalled an earlier one). */
    public record Stored(ContentView content, boolean created) {
    }

    /** The bytes to send for a publication, and how to describe them. */
    public record Download(long largeObject, String mediaType, long size, String sha256, EpubPackage packageDocument, String title) {
    }

    /** One file of a stored EPUB: where it is in the large object and how to unpack it. */
    public record Resource(long largeObject, String path, String mediaType, int method, long dataOffset, long compressedSize, long size) {
    }

    /** Checks and keeps an upload for the publication, replacing what it had. */
    public Stored store(UUID publicationId, MediaType contentType, Long declaredLength, InputStream body, String uploadedBy) throws IOException {
        QuarkusTransaction.requiringNew().run(() -> requirePublication(publicationId));
        String mediaType = accepted(contentType);
        long maxSize = settings.maxSize().asLongValue();
        if (declaredLength != null && declaredLength > maxSize) {
            throw tooLarge(maxSize);
        }
        Path upload = Files.createTempFile("lainaamo-content-", ".upload");
        try {
            String sha256 = receive(body, upload, maxSize);
            long size = Files.size(upload);
            Checked checked = check(mediaType, upload);
            return QuarkusTransaction.requiringNew().timeout(STORE_TIMEOUT_SECONDS)
                    .call(() -> keep(publicationId, mediaType, upload, size, sha256, checked, uploadedBy));
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @Transactional
    public ContentView info(UUID publicationId) {
        requirePublication(publicationId);
        return ContentView.of(content(publicationId));
    }

    /** Removes the content and its large object; the publication stays in the catalogue. */
    @Transactional
    public void delete(UUID publicationId) {
        lockPublication(publicationId);
        PublicationContent content = content(publicationId);
        largeObjects.unlink(content.largeObject);
        ContentEntry.delete("publicationId", publicationId);
        content.delete();
        LOG.infof("content of publication %s deleted", publicationId);
    }

    @Transactional
    public Download download(UUID publicationId) {
        PublicationContent content = content(publicationId);
        Publication publication = Publication.findById(publicationId);
        return new Download(content.largeObject, content.mediaType, content.size, content.sha256, content.packageDocument,
                publication == null ? null : publication.title);
    }

    /** One file of the stored EPUB; 404 content-resource-not-found for anything the archive does not hold. */
    @Transactional
    public Resource resource(UUID publicationId, String path) {
        PublicationContent content = content(publicationId);
        // an unsafe path ("../", a leading slash) can never name an entry: those were refused at upload
        ContentEntry entry = EpubArchive.safe(path) && !path.endsWith("/")
                ? ContentEntry.of(publicationId, path).orElse(null) : null;
        if (entry == null || EpubArchive.MIMETYPE.equals(path)) {
            throw ProblemException.notFound("content-resource-not-found", path);
        }
        return new Resource(content.largeObject, entry.path, entry.mediaType, entry.method, entry.dataOffset, entry.compressedSize, entry.size);
    }

    /** The bytes of a download, read from the large object as the client takes them. */
    public InputStream open(Download download) {
        return largeObjects.open(download.largeObject(), 0, download.size());
    }

    /** The unpacked bytes of one file, read from its stretch of the large object as the client takes them. */
    public InputStream open(Resource resource) {
        return EpubArchive.unpacked(largeObjects.open(resource.largeObject(), resource.dataOffset(), resource.compressedSize()),
                resource.method(), resource.size());
    }

    /** What the checks found: the package of an EPUB (null for audio), its entries, the reading order's length. */
    private record Checked(EpubPackage packageDocument, List<EpubArchive.Entry> entries, int readingOrderCount) {
    }

    private Checked check(String mediaType, Path upload) throws IOException {
        try {
            if (MediaTypes.AUDIOBOOK.equals(mediaType)) {
                try (InputStream in = Files.newInputStream(upload)) {
                    return new Checked(null, List.of(), AudiobookManifest.check(json, in));
                }
            }
            try (FileChannel file = FileChannel.open(upload, StandardOpenOption.READ)) {
                EpubArchive archive = EpubArchive.read(file, settings.maxEntries(), settings.maxUnpackedSize().asLongValue());
                EpubPackage epub = EpubPackage.read(archive);
                archive.verifyEveryEntry();
                return new Checked(epub, archive.entries(), epub.readingOrder().size());
            }
        } catch (NotAnEpub e) {
            String problem = MediaTypes.AUDIOBOOK.equals(mediaType) ? "not-an-audiobook-manifest" : "not-an-epub";
            throw new ProblemException(422, problem, List.of(new ProblemException.Violation(e.reason(), null, e.args())));
        }
    }

    private Stored keep(UUID publicationId, String mediaType, Path upload, long size, String sha256, Checked checked, String uploadedBy) {
        lockPublication(publicationId);
        PublicationContent content = PublicationContent.findById(publicationId);
        if (content != null && content.sha256.equals(sha256) && content.mediaType.equals(mediaType)) {
            // the same file again (a demo loaded at every start): nothing to replace
            return new Stored(ContentView.of(content), false);
        }
        long oid;
        try {
            oid = largeObjects.create(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean created = content == null;
        if (created) {
            content = new PublicationContent();
            content.publicationId = publicationId;
        } else {
            largeObjects.unlink(content.largeObject);
            ContentEntry.delete("publicationId", publicationId);
        }
        content.mediaType = mediaType;
        content.size = size;
        content.sha256 = sha256;
        content.largeObject = oid;
        content.readingOrderCount = checked.readingOrderCount();
        content.packageDocument = checked.packageDocument();
        content.uploadedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        content.uploadedBy = uploadedBy;
        if (created) {
            content.persist();
        }
        // the row first: the entries refer to it
        entityManager.flush();
        Map<String, String> mediaTypes = checked.packageDocument() == null ? Map.of()
                : java.util.stream.Stream.concat(checked.packageDocument().readingOrder().stream(), checked.packageDocument().resources().stream())
                .collect(Collectors.toMap(EpubPackage.Item::path, EpubPackage.Item::mediaType, (a, b) -> a));
        for (EpubArchive.Entry archived : checked.entries()) {
            if (archived.directory()) {
                continue;
            }
            ContentEntry entry = new ContentEntry();
            entry.publicationId = publicationId;
            entry.path = archived.path();
            entry.mediaType = mediaTypes.getOrDefault(archived.path(), MediaTypes.guess(archived.path()));
            entry.method = archived.method();
            entry.dataOffset = archived.dataOffset();
            entry.compressedSize = archived.compressedSize();
            entry.size = archived.size();
            entry.persist();
        }
        LOG.infof("content of publication %s %s: %s, %d bytes, sha256 %s", publicationId, created ? "stored" : "replaced",
                mediaType, size, sha256);
        return new Stored(ContentView.of(content), created);
    }

    /** Copies the body to the file, hashing it; 413 as soon as it passes the limit. */
    private static String receive(InputStream body, Path upload, long maxSize) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(upload), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > maxSize) {
                    throw tooLarge(maxSize);
                }
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String accepted(MediaType contentType) {
        if (contentType != null) {
            String type = contentType.getType() + "/" + contentType.getSubtype();
            if (MediaTypes.EPUB.equalsIgnoreCase(type)) {
                return MediaTypes.EPUB;
            }
            if (MediaTypes.AUDIOBOOK.equalsIgnoreCase(type)) {
                return MediaTypes.AUDIOBOOK;
            }
        }
        throw new ProblemException(415, "content-type-not-accepted", contentType == null ? "-" : contentType.toString());
    }

    private static ProblemException tooLarge(long maxSize) {
        return new ProblemException(413, "content-too-large", maxSize);
    }

    private static void requirePublication(UUID publicationId) {
        if (Publication.findById(publicationId) == null) {
            throw ProblemException.notFound("publication-not-found", publicationId);
        }
    }

    /** One change of a title's content at a time: two uploads racing would otherwise both unlink the same object. */
    private void lockPublication(UUID publicationId) {
        List<?> found = entityManager.createNativeQuery("select 1 from publication where id = :id for no key update")
                .setParameter("id", publicationId).getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("publication-not-found", publicationId);
        }
    }

    private static PublicationContent content(UUID publicationId) {
        PublicationContent content = PublicationContent.findById(publicationId);
        if (content == null) {
            throw ProblemException.notFound("no-content", publicationId);
        }
        return content;
    }
}
