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
import fi.lainaamo.events.ContentLinks;
import fi.lainaamo.loan.loans.Loan;

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

        /**
         * catalog-service as patrons' apps reach it: our own content (demo, a library's own titles) is served there,
         * through links signed with {@link #contentSigningKey()} ({@link fi.lainaamo.events.ContentLinks}).
         */
        String catalogUrl();

        /** The secret shared with catalog-service's content store. */
        String contentSigningKey();
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

    /**
     * Where the loan's book is: the distributor's LCP licence, the open-access file, or our own content (the EPUB, or
     * with {@code manifest} its Readium Web Publication Manifest for a browser reader) behind a link signed for as long
     * as a fulfilment link lives.
     */
    public URI contentUrl(Loan loan, boolean manifest, Instant now) {
        if ("distributor".equals(loan.fulfilmentKind) && loan.licenceDocumentUrl != null) {
            return URI.create(loan.licenceDocumentUrl);
        }
        if ("open-access".equals(loan.fulfilmentKind) && loan.contentUrl != null) {
            return URI.create(loan.contentUrl);
        }
        long expires = now.plus(config.linkLifetime()).getEpochSecond();
        String base = config.catalogUrl().replaceAll("/+$", "") + "/v1/publications/" + loan.publicationId;
        return URI.create(base + (manifest ? "/manifest?" : "/content?")
                + ContentLinks.query(config.contentSigningKey(), loan.publicationId, expires));
    }

    /** The media type of what {@link #contentUrl} leads to. */
    public static String contentType(Loan loan) {
        return switch (loan.fulfilmentKind == null ? "local" : loan.fulfilmentKind) {
            case "distributor" -> "application/vnd.readium.lcp.license.v1.0+json";
            case "open-access" -> loan.contentType != null ? loan.contentType : "application/epub+zip";
            default -> "application/epub+zip";
        };
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
