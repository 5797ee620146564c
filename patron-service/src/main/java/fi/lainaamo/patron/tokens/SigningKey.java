package fi.lainaamo.patron.tokens;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An RSA key pair that signs access tokens, kept in the database so every instance signs with the same key. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    /** The JWK thumbprint (RFC 7638) of the public key, sent as the tokens' {@code kid} header. */
    @Id
    public String kid;
    /** PKCS#8, PEM. */
    @Column(name = "private_key")
    public String privateKey;
    /** X.509 SubjectPublicKeyInfo, PEM. */
    @Column(name = "public_key")
    public String publicKey;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "retired_at")
    public Instant retiredAt;

    /** The key that signs new tokens: the newest one not retired. */
    public static Optional<SigningKey> current() {
        return find("retiredAt is null order by createdAt desc, kid").firstResultOptional();
    }

    /** The keys the JWKS publishes: the current one and the one before it, newest first. */
    public static List<SigningKey> published() {
        return find("order by createdAt desc, kid").page(0, 2).list();
    }
}
