package fi.lainaamo.catalog.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The ZIP container of an uploaded EPUB, read from its central directory without trusting it: the entry count and
 * the total unpacked size are capped before anything is inflated (zip bombs), entry names must be safe relative
 * paths, every entry must lie inside the file and unpack to exactly its declared size and CRC. What it records for
 * each entry (where its data starts, how it is compressed) is what lets catalog-service later serve one chapter
 * straight from the stored large object, without unpacking the rest.
 */
final class EpubArchive {

    static final String MIMETYPE = "mimetype";
    static final String EPUB_MEDIA_TYPE = "application/epub+zip";
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

    /** One file in the archive; {@code dataOffset} is where its (maybe deflated) bytes start in the archive. */
    record Entry(String path, int method, long dataOffset, long compressedSize, long size, long crc, long headerOffset) {
        boolean directory() {
            return path.endsWith("/");
        }
    }

    private final FileChannel file;
    private final Map<String, Entry> entries;

    private EpubArchive(FileChannel file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Reads the archive's directory and checks the EPUB container rules: {@code mimetype} first, stored, with exactly
     * {@code application/epub+zip}. Does not inflate anything else yet ({@link #verifyEveryEntry()} does).
     */
    static EpubArchive read(FileChannel file, int maxEntries, long maxUnpackedSize) throws NotAnEpub, IOException {
        long length = file.size();
        if (length < 22 || readInt(file, 0) != LOCAL_HEADER) {
            throw new NotAnEpub("epub-not-zip");
        }
        long end = findEndOfCentralDirectory(file, length);
        ByteBuffer eocd = read(file, end, 22);
        int disk = u16(eocd, 4);
        int directoryDisk = u16(eocd, 6);
        int entriesHere = u16(eocd, 8);
        int entryCount = u16(eocd, 10);
        long directorySize = u32(eocd, 12);
        long directoryOffset = u32(eocd, 16);
        if (entryCount == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            throw new NotAnEpub("epub-damaged", "ZIP64 archives are not accepted");
        }
        if (disk != 0 || directoryDisk != 0 || entriesHere != entryCount) {
            throw new NotAnEpub("epub-damaged", "split archives are not accepted");
        }
        if (entryCount > maxEntries) {
            throw new NotAnEpub("epub-too-many-entries", maxEntries);
        }
        if (directoryOffset + directorySize != end || directorySize > MAX_CENTRAL_DIRECTORY) {
            throw new NotAnEpub("epub-damaged", "the central directory is not where the archive says");
        }
        ByteBuffer directory = read(file, directoryOffset, (int) directorySize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        long unpacked = 0;
        int at = 0;
        for (int i = 0; i < entryCount; i++) {
            if (at + 46 > directorySize || directory.getInt(at) != CENTRAL_HEADER) {
                throw new NotAnEpub("epub-damaged", "central directory entry " + (i + 1) + " is broken");
            }
            int flags = u16(directory, at + 8);
            int method = u16(directory, at + 10);
            long crc = u32(directory, at + 16);
            long compressedSize = u32(directory, at + 20);
            long size = u32(directory, at + 24);
            int nameLength = u16(directory, at + 28);
            int extraLength = u16(directory, at + 30);
            int commentLength = u16(directory, at + 32);
            long headerOffset = u32(directory, at + 42);
            if (at + 46 + nameLength > directorySize) {
                throw new NotAnEpub("epub-damaged", "central directory entry " + (i + 1) + " is broken");
            }
            String path = name(directory, at + 46, nameLength);
            at += 46 + nameLength + extraLength + commentLength;
            if (compressedSize == 0xFFFFFFFFL || size == 0xFFFFFFFFL || headerOffset == 0xFFFFFFFFL) {
                throw new NotAnEpub("epub-damaged", "ZIP64 archives are not accepted");
            }
            if ((flags & 1) != 0) {
                throw new NotAnEpub("epub-damaged", "entry " + path + " is encrypted");
            }
            if (method != STORED && method != DEFLATED) {
                throw new NotAnEpub("epub-damaged", "entry " + path + " uses compression method " + method);
            }
            if (!safe(path)) {
                throw new NotAnEpub("epub-unsafe-path", path);
            }
            unpacked += size;
            if (unpacked > maxUnpackedSize) {
                throw new NotAnEpub("epub-too-large-unpacked", maxUnpackedSize);
            }
            long dataOffset = dataOffset(file, path, headerOffset, directoryOffset);
            if (dataOffset + compressedSize > directoryOffset || (method == STORED && compressedSize != size)) {
                throw new NotAnEpub("epub-damaged", "entry " + path + " does not fit in the archive");
            }
            if (entries.put(path, new Entry(path, method, dataOffset, compressedSize, size, crc, headerOffset)) != null) {
                throw new NotAnEpub("epub-damaged", "entry " + path + " appears twice");
            }
        }
        EpubArchive archive = new EpubArchive(file, entries);
        archive.checkMimetype();
        return archive;
    }

    /** Every entry, in the order of the central directory. */
    List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    Entry entry(String path) {
        return entries.get(path);
    }

    /** The whole of a small entry (a package or navigation document); a larger one is refused. */
    byte[] read(Entry entry, int max) throws NotAnEpub, IOException {
        if (entry.size() > max) {
            throw new NotAnEpub("epub-bad-package", entry.path(), "larger than " + max + " bytes");
        }
        try (InputStream in = open(entry)) {
            return in.readAllBytes();
        } catch (EntryBroken e) {
            throw new NotAnEpub("epub-damaged", entry.path() + ": " + e.getMessage());
        }
    }

    /**
     * Unpacks every entry once, so that what is stored is known to unpack to exactly what its directory says: a lying
     * size or a broken deflate stream is found now, not while a patron reads.
     */
    void verifyEveryEntry() throws NotAnEpub, IOException {
        byte[] buffer = new byte[64 * 1024];
        for (Entry entry : entries.values()) {
            CRC32 crc = new CRC32();
            try (InputStream in = open(entry)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                }
            } catch (EntryBroken e) {
                throw new NotAnEpub("epub-damaged", entry.path() + ": " + e.getMessage());
            }
            if (crc.getValue() != entry.crc()) {
                throw new NotAnEpub("epub-damaged", entry.path() + ": wrong checksum");
            }
        }
    }

    private InputStream open(Entry entry) throws IOException {
        return unpacked(new ChannelRange(file, entry.dataOffset(), entry.compressedSize()), entry.method(), entry.size());
    }

    /**
     * The unpacked bytes of an entry from its raw bytes: exactly {@code size} of them, or an {@link EntryBroken} when
     * the data gives more or fewer. Used for uploads and for serving from the large object alike.
     */
    static InputStream unpacked(InputStream raw, int method, long size) {
        InputStream data = method == STORED ? raw : new ZipInflaterStream(raw);
        return new ExactLength(data, size);
    }

    private void checkMimetype() throws NotAnEpub, IOException {
        Entry first = entries.values().stream().filter(e -> e.headerOffset() == 0).findFirst().orElse(null);
        if (first == null || !first.path().equals(MIMETYPE) || first.method() != STORED
                || first.size() != EPUB_MEDIA_TYPE.length()) {
            throw new NotAnEpub("epub-mimetype");
        }
        byte[] content;
        try (InputStream in = open(first)) {
            content = in.readAllBytes();
        } catch (EntryBroken e) {
            throw new NotAnEpub("epub-mimetype");
        }
        if (!EPUB_MEDIA_TYPE.equals(new String(content, StandardCharsets.US_ASCII))) {
            throw new NotAnEpub("epub-mimetype");
        }
    }

    /** A relative path inside the publication: no root, no backslash, no empty, {@code .} or {@code ..} segment. */
    static boolean safe(String path) {
        if (path.isEmpty() || path.length() > 1000 || path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        String[] segments = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                if (segment.charAt(i) < 0x20 || segment.charAt(i) == 0x7f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long dataOffset(FileChannel file, String path, long headerOffset, long directoryOffset) throws NotAnEpub, IOException {
        if (headerOffset + 30 > directoryOffset) {
            throw new NotAnEpub("epub-damaged", "entry " + path + " does not fit in the archive");
        }
        ByteBuffer header = read(file, headerOffset, 30);
        if (header.getInt(0) != LOCAL_HEADER) {
            throw new NotAnEpub("epub-damaged", "entry " + path + " has no local header");
        }
        int nameLength = u16(header, 26);
        int extraLength = u16(header, 28);
        if (headerOffset + 30 + nameLength > directoryOffset
                || !name(read(file, headerOffset + 30, nameLength), 0, nameLength).equals(path)) {
            throw new NotAnEpub("epub-damaged", "entry " + path + " is named differently in its local header");
        }
        return headerOffset + 30 + nameLength + extraLength;
    }

    private static long findEndOfCentralDirectory(FileChannel file, long length) throws NotAnEpub, IOException {
        // the record is 22 bytes plus a comment of at most 65535 bytes, at the very end
        int tail = (int) Math.min(length, 22 + 65535);
        ByteBuffer buffer = read(file, length - tail, tail);
        for (int at = tail - 22; at >= 0; at--) {
            if (buffer.getInt(at) == END_OF_CENTRAL_DIRECTORY && at + 22 + u16(buffer, at + 20) == tail) {
                return length - tail + at;
            }
        }
        throw new NotAnEpub("epub-not-zip");
    }

    private static String name(ByteBuffer buffer, int at, int length) throws NotAnEpub {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        try {
            // EPUB requires UTF-8 file names
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NotAnEpub("epub-damaged", "an entry name is not UTF-8");
        }
    }

    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("archive ends early");
            }
        }
        return buffer.flip();
    }

    private static int readInt(FileChannel file, long position) throws IOException {
        return read(file, position, 4).getInt(0);
    }

    private static int u16(ByteBuffer buffer, int at) {
        return Short.toUnsignedInt(buffer.getShort(at));
    }

    private static long u32(ByteBuffer buffer, int at) {
        return Integer.toUnsignedLong(buffer.getInt(at));
    }

    /** An entry whose data does not unpack to what the directory declares. */
    static final class EntryBroken extends IOException {
        EntryBroken(String message) {
            super(message);
        }
    }

    /** A stretch of the archive file, read without moving a shared position. */
    private static final class ChannelRange extends InputStream {
        private final FileChannel file;
        private long position;
        private final long end;

        ChannelRange(FileChannel file, long start, long length) {
            this.file = file;
            this.position = start;
            this.end = start + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new EOFException("archive ends early");
            }
            position += n;
            return n;
        }
    }

    /** Raw deflate as ZIP stores it; like the JDK's ZipFile, it feeds the inflater one dummy byte at the end. */
    private static final class ZipInflaterStream extends InflaterInputStream {
        private boolean eof;

        ZipInflaterStream(InputStream raw) {
            super(raw, new Inflater(true), 8192);
        }

        @Override
        protected void fill() throws IOException {
            if (eof) {
                throw new EntryBroken("the compressed data ends early");
            }
            len = in.read(buf, 0, buf.length);
            if (len == -1) {
                buf[0] = 0;
                len = 1;
                eof = true;
            }
            inf.setInput(buf, 0, len);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.util.zip.ZipException e) {
                throw new EntryBroken("the compressed data is broken");
            }
        }

        @Override
        public void close() throws IOException {
            inf.end();
            super.close();
        }
    }

    /** Gives exactly the declared number of bytes, and fails when the data has more or fewer. */
    private static final class ExactLength extends InputStream {
        private final InputStream in;
        private long left;

        ExactLength(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                // one byte more than declared is already a lie (and how a zip bomb would start)
                if (in.read() >= 0) {
                    throw new EntryBroken("more data than the declared size");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EntryBroken("less data than the declared size");
            }
            left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
