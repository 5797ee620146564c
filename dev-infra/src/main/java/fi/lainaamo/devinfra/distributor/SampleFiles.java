package fi.lainaamo.devinfra.distributor;

import fi.lainaamo.devinfra.DemoEpubs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files the simulator serves, made in memory: a small valid EPUB 3 per title, a Readium audiobook package with a
 * second of silence, a plain cover image, a sample. Each is built once and byte-for-byte the same on every start
 * (fixed zip timestamps), so its length and hash in an LCP licence stay stable.
 */
final class SampleFiles {

    static final int COVER_WIDTH = 200;
    static final int COVER_HEIGHT = 300;
    private static final long FIXED_TIME = LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

    private final Map<String, byte[]> made = new ConcurrentHashMap<>();

    /** An EPUB 3 of the title (made by {@link DemoEpubs}, the demo content's maker): two short chapters about it. */
    byte[] epub(Publication p) {
        return made.computeIfAbsent("epub:" + p.isbn(), k -> DemoEpubs.epub(p.title(), p.language(), p.identifier(), List.of(
                p.title() + "\n\n" + p.author() + "\n\n" + p.description(),
                "2\n\nLainaamo distributor simulator, " + p.identifier() + ".")));
    }

    /** A Readium audiobook package: {@code manifest.json} and one silent track. */
    byte[] audiobook(Publication p) {
        byte[] track = silence(); // made first: a map must not be changed from inside its own computeIfAbsent
        return made.computeIfAbsent("audiobook:" + p.isbn(), k -> zip(zip -> {
            ObjectNode manifest = OdlDocuments.JSON.createObjectNode();
            manifest.put("@context", "https://readium.org/webpub-manifest/context.jsonld");
            manifest.putObject("metadata").put("@type", "http://schema.org/Audiobook")
                    .put("conformsTo", OdlDocuments.AUDIOBOOK_PROFILE).put("title", p.title())
                    .put("identifier", p.identifier()).put("language", p.language()).put("author", p.author())
                    .put("duration", 1);
            manifest.putArray("readingOrder").addObject().put("href", "track-1.wav").put("type", "audio/wav")
                    .put("duration", 1);
            deflated(zip, "manifest.json", manifest.toPrettyString());
            deflated(zip, "track-1.wav", track);
        }));
    }

    /** A one-colour cover, its colour taken from the ISBN so titles look different in an app. */
    byte[] cover(Publication p) {
        return made.computeIfAbsent("cover:" + p.isbn(), k -> {
            int hue = Math.floorMod(p.isbn().hashCode(), 360);
            int background = java.awt.Color.HSBtoRGB(hue / 360f, 0.45f, 0.75f);
            int band = java.awt.Color.HSBtoRGB(hue / 360f, 0.6f, 0.35f);
            BufferedImage image = new BufferedImage(COVER_WIDTH, COVER_HEIGHT, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < COVER_HEIGHT; y++) {
                for (int x = 0; x < COVER_WIDTH; x++) {
                    image.setRGB(x, y, y > 40 && y < 110 ? band : background);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return png.toByteArray();
        });
    }

    /** A second of silence as 8 kHz 8-bit mono PCM WAV: the audiobook's track and its sample. */
    byte[] silence() {
        return made.computeIfAbsent("silence", k -> {
            int rate = 8000;
            ByteBuffer wav = ByteBuffer.allocate(44 + rate).order(ByteOrder.LITTLE_ENDIAN);
            wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + rate).put("WAVE".getBytes(StandardCharsets.US_ASCII));
            wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                    .putInt(rate).putInt(rate).putShort((short) 1).putShort((short) 8);
            wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(rate);
            while (wav.hasRemaining()) {
                wav.put((byte) 0x80); // the midpoint of unsigned 8-bit samples is silence
            }
            return wav.array();
        });
    }

    private interface Entries {
        void write(ZipOutputStream zip) throws IOException;
    }

    private static byte[] zip(Entries entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entries.write(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** EPUB readers find {@code mimetype} at a fixed offset only when it is stored uncompressed. */
    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static void deflated(ZipOutputStream zip, String name, String content) throws IOException {
        deflated(zip, name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void deflated(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
