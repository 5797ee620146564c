package fi.lainaamo.web.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The session cookie's value: the tokens, encrypted and authenticated with AES-256-GCM under a key derived from
 * {@code lainaamo.web.session-secret}. Nothing is kept on the server, so any instance of the web app can serve any
 * request; a cookie changed by hand, or made under another secret, is no session.
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "lainaamo-session";
    private static final int IV_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    @Inject
    ObjectMapper json;

    @Inject
    public SessionCookie(@ConfigProperty(name = "lainaamo.web.session-secret") Optional<String> secret) {
        byte[] material;
        if (secret.isPresent() && !secret.get().isBlank()) {
            material = sha256(secret.get().getBytes(StandardCharsets.UTF_8));
        } else {
            Log.warn("lainaamo.web.session-secret (LAINAAMO_WEB_SESSION_SECRET) is not set: a random key is used, "
                    + "so sessions end when the web app restarts and other instances cannot read them");
            material = new byte[32];
            random.nextBytes(material);
        }
        this.key = new SecretKeySpec(material, "AES");
    }

    public String encode(Session session) {
        return encode(session, NAME);
    }

    /**
     * Sealed for the cookie called {@code cookieName} (the name is the cipher's associated data): a value made for one
     * cookie does not open as another, so a patron's session cannot be pasted into the staff console's cookie.
     */
    public String encode(Session session, String cookieName) {
        try {
            byte[] plain = json.writeValueAsBytes(Map.of("a", session.accessToken(), "r", session.refreshToken(),
                    "e", session.accessExpires().getEpochSecond()));
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(cookieName.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot seal the session", e);
        }
    }

    /** The session in the cookie; empty when there is none or it does not open under our key. */
    public Optional<Session> decode(String value) {
        return decode(value, NAME);
    }

    /** The session in the cookie called {@code cookieName}; empty when it was sealed for another cookie. */
    public Optional<Session> decode(String value, String cookieName) {
        if (value == null || value.isBlank() || value.length() > 4096) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(value);
            if (all.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            cipher.updateAAD(cookieName.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            JsonNode node = json.readTree(plain);
            return Optional.of(new Session(node.path("a").asText(), node.path("r").asText(),
                    Instant.ofEpochSecond(node.path("e").asLong())));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException notOurs) {
            return Optional.empty();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
