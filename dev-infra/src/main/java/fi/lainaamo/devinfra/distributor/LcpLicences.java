package fi.lainaamo.devinfra.distributor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import fi.lainaamo.devinfra.distributor.Loans.Loan;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * LCP licence documents for the simulator's loans, well-formed and consistent but not for real reading apps: the
 * publication it points to is not encrypted, and the signature is by a key made at start, whose bare public key
 * stands in the {@code certificate} field (no reading app would trust a simulator's certificate anyway). The user
 * key is LCP's: the SHA-256 of the passphrase, so {@code key_check} really opens with the patron's passphrase.
 */
final class LcpLicences {

    static final String AES_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
    static final String SHA_256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    static final String RSA_SHA_256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    static final String DEFAULT_HINT = "The passphrase you chose in your library's app";

    /** LCP signs the licence's JSON with its members sorted and no white space. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final String baseUrl;
    private final SampleFiles files;
    private final KeyPair signingKey;
    private final SecureRandom random = new SecureRandom();

    LcpLicences(String baseUrl, SampleFiles files) {
        this.baseUrl = baseUrl;
        this.files = files;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.signingKey = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA in this JVM", e);
        }
    }

    /**
     * LCP's user key from the checkout's passphrase: 64 hex digits are taken as the passphrase already hashed (as
     * libraries often send it), anything else is hashed here. Null without a passphrase.
     */
    static byte[] userKey(String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            return null;
        }
        if (passphrase.matches("[0-9a-fA-F]{64}")) {
            return HexFormat.of().parseHex(passphrase);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The licence document for a loan of {@code publication}. */
    ObjectNode licence(Loan loan, Publication publication) {
        byte[] userKey = loan.userKey() != null ? loan.userKey() : randomBytes(32);
        byte[] content = publication.kind() == Kind.AUDIOBOOK ? files.audiobook(publication) : files.epub(publication);

        ObjectNode licence = OdlDocuments.JSON.createObjectNode();
        licence.put("id", loan.id().toString());
        licence.put("issued", OdlDocuments.timestamp(loan.start()));
        if (loan.licenceUpdated().isAfter(loan.start())) {
            licence.put("updated", OdlDocuments.timestamp(loan.licenceUpdated()));
        }
        licence.put("provider", baseUrl);
        ObjectNode encryption = licence.putObject("encryption");
        encryption.put("profile", OdlDocuments.LCP_BASIC_PROFILE);
        encryption.putObject("content_key").put("algorithm", AES_CBC)
                .put("encrypted_value", encrypt(userKey, contentKey(publication)));
        encryption.putObject("user_key").put("text_hint", loan.hint() != null ? loan.hint() : DEFAULT_HINT)
                .put("algorithm", SHA_256)
                .put("key_check", encrypt(userKey, loan.id().toString().getBytes(StandardCharsets.UTF_8)));
        ArrayNode links = licence.putArray("links");
        links.add(OdlDocuments.link("hint", loan.hintUrl() != null ? loan.hintUrl() : baseUrl + "/hint", "text/html"));
        links.add(OdlDocuments.link("publication", baseUrl + "/loans/" + loan.id() + "/publication",
                        publication.kind() == Kind.AUDIOBOOK ? Kind.AUDIOBOOK.licenceFormat : "application/epub+zip")
                .put("title", publication.title()).put("length", content.length).put("hash", sha256(content)));
        links.add(OdlDocuments.link("status", baseUrl + "/loans/" + loan.id(), OdlDocuments.STATUS_DOCUMENT));
        licence.putObject("user").put("id", loan.patronId());
        licence.putObject("rights").put("print", 0).put("copy", 0)
                .put("start", OdlDocuments.timestamp(loan.start())).put("end", OdlDocuments.timestamp(loan.end()));
        licence.putObject("signature").put("algorithm", RSA_SHA_256)
                .put("certificate", Base64.getEncoder().encodeToString(signingKey.getPublic().getEncoded()))
                .put("value", sign(licence));
        return licence;
    }

    /** One content key per publication, as an LCP server encrypts a publication once for all its licences. */
    private static byte[] contentKey(Publication publication) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("simulated content key " + publication.identifier()).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(ObjectNode unsigned) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey.getPrivate());
            rsa.update(CANONICAL.writeValueAsBytes(unsigned));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign the licence", e);
        }
    }

    /** AES-256-CBC with a random IV written before the cipher text, as LCP does. */
    private String encrypt(byte[] key, byte[] plain) {
        try {
            byte[] iv = randomBytes(16);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] cipherText = aes.doFinal(plain);
            byte[] out = new byte[iv.length + cipherText.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(cipherText, 0, out, iv.length, cipherText.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
