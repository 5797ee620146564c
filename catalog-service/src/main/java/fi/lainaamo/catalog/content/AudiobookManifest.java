package fi.lainaamo.catalog.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks an uploaded audiobook manifest (Readium {@code application/audiobook+json}). The content store keeps the
 * manifest, not the audio: every reading-order item must therefore point at its audio file with an absolute URL.
 */
final class AudiobookManifest {

    private AudiobookManifest() {
    }

    /** The number of items in the reading order of a usable manifest. */
    static int check(ObjectMapper json, InputStream manifest) throws NotAnEpub, IOException {
        JsonNode root;
        try {
            root = json.readTree(manifest);
        } catch (JsonProcessingException e) {
            throw new NotAnEpub("audiobook-manifest-invalid", "it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new NotAnEpub("audiobook-manifest-invalid", "it is not a JSON object");
        }
        JsonNode title = root.path("metadata").path("title");
        if (!(title.isTextual() && !title.asText().isBlank()) && !title.isObject()) {
            throw new NotAnEpub("audiobook-manifest-invalid", "metadata.title is missing");
        }
        JsonNode readingOrder = root.path("readingOrder");
        if (!readingOrder.isArray() || readingOrder.isEmpty()) {
            throw new NotAnEpub("audiobook-manifest-invalid", "readingOrder is missing or empty");
        }
        for (int i = 0; i < readingOrder.size(); i++) {
            JsonNode href = readingOrder.get(i).path("href");
            if (!href.isTextual() || !absolute(href.asText())) {
                throw new NotAnEpub("audiobook-manifest-invalid", "readingOrder[" + i + "].href is not an absolute http(s) URL");
            }
            if (!readingOrder.get(i).path("type").isTextual()) {
                throw new NotAnEpub("audiobook-manifest-invalid", "readingOrder[" + i + "].type is missing");
            }
        }
        return readingOrder.size();
    }

    private static boolean absolute(String href) {
        try {
            URI uri = new URI(href);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
