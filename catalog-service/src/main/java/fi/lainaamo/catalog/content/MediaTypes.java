package fi.lainaamo.catalog.content;

import java.util.Locale;
import java.util.Map;

/** Media types of files an EPUB holds but its package document does not list (container.xml, the package itself). */
final class MediaTypes {

    static final String EPUB = "application/epub+zip";
    static final String AUDIOBOOK = "application/audiobook+json";
    static final String WEBPUB = "application/webpub+json";
    static final String XHTML = "application/xhtml+xml";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("xhtml", XHTML), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"), Map.entry("js", "text/javascript"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("webp", "image/webp"),
            Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("ncx", "application/x-dtbncx+xml"),
            Map.entry("opf", "application/oebps-package+xml"), Map.entry("xml", "application/xml"),
            Map.entry("smil", "application/smil+xml"), Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"),
            Map.entry("mp4", "video/mp4"), Map.entry("txt", "text/plain"));

    private MediaTypes() {
    }

    static String guess(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return BY_EXTENSION.getOrDefault(extension, "application/octet-stream");
    }
}
