package fi.lainaamo.license.checkouts;

import jakarta.enterprise.context.ApplicationScoped;
import fi.lainaamo.license.imports.DistributorConfig;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * What a distributor learns about a patron: a pseudonym per distributor (so two distributors cannot link their
 * patrons) and an LCP passphrase derived from the patron, both keyed HMACs of our pseudonymous patron id. Neither is
 * ever logged nor put in an event.
 */
@ApplicationScoped
public class Pseudonyms {

    @Inject
    DistributorConfig config;

    /** The patron_id a distributor sees. */
    public String patronAt(String distributor, UUID patronId) {
        return HexFormat.of().formatHex(hmac("patron:" + distributor + ":" + patronId)).substring(0, 32);
    }

    /** The patron's LCP passphrase (the same at every distributor, so one passphrase opens all their books). */
    public String passphrase(UUID patronId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("lcp:" + patronId)).substring(0, 24);
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.pseudonymKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
