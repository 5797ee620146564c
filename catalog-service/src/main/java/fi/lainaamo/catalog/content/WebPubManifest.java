package fi.lainaamo.catalog.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Readium Web Publication Manifest for a stored EPUB, so a browser reader opens it chapter by chapter instead of
 * downloading the whole book. Every href carries the same signature as the request (a signature covers a
 * publication and an expiry, not a file); chapter and resource links put it in the path
 * ({@code /content/signed/{expires}/{sig}/…}) so that the relative links inside a chapter (its stylesheet, its
 * images) keep it when the browser resolves them. Hrefs are root-relative, like the OPDS feeds'.
 */
final class WebPubManifest {

    static final String CONTEXT = "https://readium.org/webpub-manifest/context.jsonld";
    static final String EPUB_PROFILE = "https://readium.org/webpub-manifest/profiles/epub";

    private WebPubManifest() {
    }

    static Map<String, Object> of(EpubPackage epub, ContentAccess.Grant grant) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@type", "http://schema.org/Book");
        metadata.put("conformsTo", EPUB_PROFILE);
        metadata.put("title", epub.title());
        if (epub.identifier() != null) {
            metadata.put("identifier", epub.identifier());
        }
        if (epub.language() != null) {
            metadata.put("language", epub.language());
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("@context", CONTEXT);
        manifest.put("metadata", metadata);
        String query = "?expires=" + grant.expires() + "&sig=" + grant.sig();
        String publication = "/v1/publications/" + grant.publicationId();
        manifest.put("links", List.of(
                link(publication + "/manifest" + query, MediaTypes.WEBPUB, null, "self"),
                link(publication + "/content" + query, MediaTypes.EPUB, null, "alternate")));
        manifest.put("readingOrder", epub.readingOrder().stream()
                .map(item -> link(resourceHref(grant, item.path(), null), item.mediaType(), item.title(), item.rel())).toList());
        if (!epub.resources().isEmpty()) {
            manifest.put("resources", epub.resources().stream()
                    .map(item -> link(resourceHref(grant, item.path(), null), item.mediaType(), item.title(), item.rel())).toList());
        }
        Map<String, String> mediaTypes = new LinkedHashMap<>();
        epub.readingOrder().forEach(item -> mediaTypes.put(item.path(), item.mediaType()));
        epub.resources().forEach(item -> mediaTypes.putIfAbsent(item.path(), item.mediaType()));
        if (!epub.toc().isEmpty()) {
            manifest.put("toc", toc(epub.toc(), grant, mediaTypes));
        }
        return manifest;
    }

    /** The signed address of one file of a stored EPUB. */
    static String resourceHref(ContentAccess.Grant grant, String path, String fragment) {
        try {
            String raw = new URI(null, null, "/v1/publications/" + grant.publicationId() + "/content/signed/" + grant.expires()
                    + "/" + grant.sig() + "/" + path, null).toASCIIString();
            return fragment == null ? raw : raw + "#" + fragment;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + path, e);
        }
    }

    private static List<Map<String, Object>> toc(List<EpubPackage.TocEntry> entries, ContentAccess.Grant grant, Map<String, String> mediaTypes) {
        List<Map<String, Object>> links = new ArrayList<>();
        for (EpubPackage.TocEntry entry : entries) {
            Map<String, Object> link = link(resourceHref(grant, entry.path(), entry.fragment()),
                    mediaTypes.getOrDefault(entry.path(), MediaTypes.guess(entry.path())), entry.title(), null);
            if (!entry.children().isEmpty()) {
                link.put("children", toc(entry.children(), grant, mediaTypes));
            }
            links.add(link);
        }
        return links;
    }

    private static Map<String, Object> link(String href, String type, String title, String rel) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("type", type);
        if (title != null) {
            link.put("title", title);
        }
        if (rel != null) {
            link.put("rel", rel);
        }
        return link;
    }
}
