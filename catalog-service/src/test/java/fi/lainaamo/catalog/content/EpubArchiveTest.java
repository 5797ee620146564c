package fi.lainaamo.catalog.content;

import fi.lainaamo.devinfra.DemoEpubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EPUB checks without a server: what a reader could open is kept, everything else is refused with its reason. */
class EpubArchiveTest {

    @TempDir
    Path dir;

    @Test
    void everyDemoEpubIsReadWithItsSpineTocAndResources() throws Exception {
        for (DemoEpubs.DemoEpub demo : DemoEpubs.demo()) {
            EpubPackage epub = read(demo.epub());
            assertEquals(demo.title(), epub.title());
            assertEquals(demo.language(), epub.language());
            assertEquals("urn:isbn:" + demo.isbn(), epub.identifier());
            assertEquals(List.of("EPUB/text/chapter-1.xhtml", "EPUB/text/chapter-2.xhtml", "EPUB/text/chapter-3.xhtml"),
                    epub.readingOrder().stream().map(EpubPackage.Item::path).toList());
            assertEquals(3, epub.toc().size());
            assertEquals(epub.toc().get(0).title(), epub.readingOrder().get(0).title());
            assertTrue(epub.resources().stream().anyMatch(i -> i.path().equals("EPUB/style.css") && i.mediaType().equals("text/css")));
            assertTrue(epub.resources().stream().anyMatch(i -> i.path().equals("EPUB/nav.xhtml") && "contents".equals(i.rel())));
        }
    }

    @Test
    void hrefsAreResolvedAgainstThePackageDocumentAndDecoded() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("mimetype", Epubs.text("application/epub+zip"));
        entries.put("META-INF/container.xml", Epubs.text(Epubs.CONTAINER));
        entries.put("OEBPS/content.opf", Epubs.text(Epubs.PACKAGE));
        entries.put("OEBPS/Text/Luku 1.xhtml", Epubs.text("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>1</p></body></html>"));
        entries.put("OEBPS/Images/kansi.png", new byte[]{1, 2, 3});
        EpubPackage epub = read(Epubs.zip(entries, true));
        assertEquals("urn:isbn:9789510000019", epub.identifier());
        assertEquals("OEBPS/Text/Luku 1.xhtml", epub.readingOrder().get(0).path());
        assertEquals(List.of("OEBPS/Images/kansi.png"), epub.resources().stream().map(EpubPackage.Item::path).toList(), "the remote font is left out");
        assertEquals("cover", epub.resources().get(0).rel());
        assertEquals(List.of(), epub.toc());
        assertEquals("OEBPS/Images/x.png", EpubPackage.resolve("OEBPS/Text/c.xhtml", "../Images/x.png#top"));
        assertNull(EpubPackage.resolve("OEBPS/c.xhtml", "../../etc/passwd"));
        assertNull(EpubPackage.resolve("OEBPS/c.xhtml", "/etc/passwd"));
    }

    @Test
    void whatIsNotAnEpubIsRefusedWithItsReason() throws Exception {
        assertEquals("epub-not-zip", refusal(Epubs.text("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")));
        assertEquals("epub-not-zip", refusal(new byte[0]));
        Map<String, byte[]> noMimetype = new LinkedHashMap<>();
        noMimetype.put("META-INF/container.xml", Epubs.text(Epubs.CONTAINER));
        assertEquals("epub-mimetype", refusal(Epubs.zip(noMimetype, true)));
        Map<String, byte[]> compressedMimetype = new LinkedHashMap<>();
        compressedMimetype.put("mimetype", Epubs.text("application/epub+zip"));
        assertEquals("epub-mimetype", refusal(Epubs.zip(compressedMimetype, false)));
        Map<String, byte[]> wrongMimetype = new LinkedHashMap<>();
        wrongMimetype.put("mimetype", Epubs.text("application/zip"));
        assertEquals("epub-mimetype", refusal(Epubs.zip(wrongMimetype, true)));
        Map<String, byte[]> noContainer = new LinkedHashMap<>();
        noContainer.put("mimetype", Epubs.text("application/epub+zip"));
        assertEquals("epub-no-container", refusal(Epubs.zip(noContainer, true)));
        Map<String, byte[]> noPackage = new LinkedHashMap<>(noContainer);
        noPackage.put("META-INF/container.xml", Epubs.text(Epubs.CONTAINER));
        assertEquals("epub-bad-package", refusal(Epubs.zip(noPackage, true)));
        Map<String, byte[]> brokenPackage = new LinkedHashMap<>(noPackage);
        brokenPackage.put("OEBPS/content.opf", Epubs.text("<package><unclosed></package>"));
        assertEquals("epub-bad-package", refusal(Epubs.zip(brokenPackage, true)));
        Map<String, byte[]> missingChapter = new LinkedHashMap<>(noPackage);
        missingChapter.put("OEBPS/content.opf", Epubs.text(Epubs.PACKAGE));
        assertEquals("epub-bad-package", refusal(Epubs.zip(missingChapter, true)), "the spine names a file the archive lacks");
        Map<String, byte[]> traversal = new LinkedHashMap<>(noContainer);
        traversal.put("../../evil.xhtml", new byte[]{1});
        assertEquals("epub-unsafe-path", refusal(Epubs.zip(traversal, true)));
        // were the entity fetched, the title would be the password file and the book accepted
        Map<String, byte[]> externalEntity = new LinkedHashMap<>(noPackage);
        externalEntity.put("OEBPS/content.opf", Epubs.text(Epubs.PACKAGE.replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>").replace("<dc:title>Koe", "<dc:title>&x;")));
        externalEntity.put("OEBPS/Text/Luku 1.xhtml", Epubs.text("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>"));
        assertEquals("epub-bad-package", refusal(Epubs.zip(externalEntity, true)), "no external entity is fetched");
    }

    @Test
    void zipBombsAreRefusedBeforeTheyUnpack() throws Exception {
        Map<String, byte[]> many = new LinkedHashMap<>();
        many.put("mimetype", Epubs.text("application/epub+zip"));
        for (int i = 0; i < 50; i++) {
            many.put("f" + i, new byte[0]);
        }
        assertEquals("epub-too-many-entries", refusal(Epubs.zip(many, true), 40, 1 << 20));
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("mimetype", Epubs.text("application/epub+zip"));
        bomb.put("zeros", new byte[8 << 20]);
        byte[] zip = Epubs.zip(bomb, true);
        assertTrue(zip.length < 64 * 1024, "eight megabytes of zeros pack small");
        assertEquals("epub-too-large-unpacked", refusal(zip, 100, 4 << 20));
    }

    @Test
    void anEntryThatUnpacksToMoreThanItsDeclaredSizeIsDamaged() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("mimetype", Epubs.text("application/epub+zip"));
        entries.put("data", new byte[4096]);
        byte[] zip = Epubs.zip(entries, true);
        // lower the declared size of "data" in its central directory entry: a liar, as a zip bomb would be
        int directory = lastIndexOf(zip, new byte[]{0x50, 0x4b, 0x01, 0x02});
        zip[directory + 24] = 16;
        zip[directory + 25] = 0;
        Path file = Files.write(dir.resolve("liar.zip"), zip);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            EpubArchive archive = EpubArchive.read(channel, 100, 1 << 20);
            NotAnEpub refused = assertThrows(NotAnEpub.class, archive::verifyEveryEntry);
            assertEquals("epub-damaged", refused.reason());
        }
    }

    @Test
    void safePathsAreRelativeAndStayInside() {
        assertTrue(EpubArchive.safe("EPUB/text/chapter-1.xhtml"));
        assertTrue(EpubArchive.safe("OEBPS/Text/Luku 1.xhtml"));
        assertFalse(EpubArchive.safe("../x"));
        assertFalse(EpubArchive.safe("a/../../x"));
        assertFalse(EpubArchive.safe("/etc/passwd"));
        assertFalse(EpubArchive.safe("a\\b"));
        assertFalse(EpubArchive.safe("a//b"));
    }

    private EpubPackage read(byte[] epub) throws Exception {
        Path file = Files.write(dir.resolve("book.epub"), epub);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            EpubArchive archive = EpubArchive.read(channel, 100, 1 << 20);
            EpubPackage read = EpubPackage.read(archive);
            archive.verifyEveryEntry();
            return read;
        }
    }

    private String refusal(byte[] upload) throws IOException {
        return refusal(upload, 100, 1 << 20);
    }

    private String refusal(byte[] upload, int maxEntries, long maxUnpacked) throws IOException {
        Path file = Files.write(dir.resolve("upload.bin"), upload);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            EpubArchive archive = EpubArchive.read(channel, maxEntries, maxUnpacked);
            EpubPackage.read(archive);
            archive.verifyEveryEntry();
            throw new AssertionError("accepted");
        } catch (NotAnEpub e) {
            return e.reason();
        }
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = haystack[i + j] == needle[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
