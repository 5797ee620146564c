package fi.lainaamo.loan.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Signed, short-lived fulfilment links. The signature (HMAC-SHA256 over loan, patron and expiry, with a configured
 * secret) is what lets a reader app fetch content without a token; it names the patron without revealing them, so a
 * link only works while the loan is active and belongs to that patron.
 */
@ApplicationScoped
public class FulfilmentLinks {

    /** Fulfilment settings. */
    @ConfigMapping(prefix = "lainaamo.fulfilment")
    public interface Config {
        /** The HMAC key; set a long random value in production. */
        String secret();

        /** How long a link works. */
        @WithDefault("PT5M")
        Duration linkLifetime();

        /** Where content is for titles whose licence has no distributor (demo, local); {publicationId} is filled in. */
        String contentUrl();
    }

    @Inject
    Config config;

    /** A link and when it stops working. */
    public record Link(URI href, Instant expires) {
    }

    public Link sign(URI base, UUID loanId, UUID patronId, Instant now) {
        Instant expires = now.plus(config.linkLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        URI href = base.resolve("v1/fulfilment/" + loanId + "?expires=" + expires.getEpochSecond()
                + "&signature=" + signature(loanId, patronId, expires.getEpochSecond()));
        return new Link(href, expires);
    }

    /** True when the signature was made for this loan and patron and has not expired. */
    public boolean valid(UUID loanId, UUID patronId, long expires, String signature, Instant now) {
        if (signature == null || patronId == null || now.getEpochSecond() >= expires) {
            return false;
        }
        return MessageDigest.isEqual(signature(loanId, patronId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    public URI contentUrl(UUID publicationId) {
        return URI.create(config.contentUrl().replace("{publicationId}", publicationId.toString()));
    }

    private String signature(UUID loanId, UUID patronId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((loanId + "|" + patronId + "|" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
