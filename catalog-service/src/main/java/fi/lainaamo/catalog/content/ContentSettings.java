package fi.lainaamo.catalog.content;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the content store and the key its links are signed with ({@code lainaamo.content.*}). */
@ConfigMapping(prefix = "lainaamo.content")
public interface ContentSettings {

    /** The largest upload kept; larger ones are answered 413 content-too-large. */
    @WithDefault("200M")
    MemorySize maxSize();

    /** An EPUB with more entries is refused before anything is unpacked. */
    @WithDefault("10000")
    int maxEntries();

    /** An EPUB whose entries would unpack to more than this is refused (zip bombs). */
    @WithDefault("1G")
    MemorySize maxUnpackedSize();

    /** The HMAC-SHA256 key shared with loan-service, which signs the links ({@code fi.lainaamo.events.ContentLinks}). */
    String signingKey();
}
