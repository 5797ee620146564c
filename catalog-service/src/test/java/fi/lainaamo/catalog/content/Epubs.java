package fi.lainaamo.catalog.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIP files for the refusal tests: what a wrong, broken or hostile upload looks like. */
final class Epubs {

    private Epubs() {
    }

    /** A ZIP of these entries in this order; {@code storedMimetype} stores an entry named mimetype uncompressed. */
    static byte[] zip(Map<String, byte[]> entries, boolean storedMimetype) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (storedMimetype && e.getKey().equals("mimetype")) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final String CONTAINER = """
            <?xml version="1.0"?>
            <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
              <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
            </container>""";

    static final String PACKAGE = """
            <?xml version="1.0"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:identifier id="id">978-951-0-00001-9</dc:identifier><dc:title>Koe</dc:title><dc:language>fi</dc:language>
              </metadata>
              <manifest>
                <item id="c1" href="Text/Luku%201.xhtml" media-type="application/xhtml+xml"/>
                <item id="img" href="Images/kansi.png" media-type="image/png" properties="cover-image"/>
                <item id="remote" href="https://fonts.example/x.woff" media-type="font/woff"/>
              </manifest>
              <spine><itemref idref="c1"/></spine>
            </package>""";
}
