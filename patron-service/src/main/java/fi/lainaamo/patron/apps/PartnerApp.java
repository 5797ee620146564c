package fi.lainaamo.patron.apps;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A partner app allowed the OAuth2 client-credentials grant, with the scopes a consortium admin gave it. */
@Entity
@Table(name = "partner_app")
public class PartnerApp extends PanacheEntityBase {

    @Id
    @Column(name = "client_id")
    public String clientId;
    public String name;
    /** bcrypt of the client secret; the secret itself is shown once, when the app is registered. */
    @Column(name = "secret_hash")
    public String secretHash;
    /** Space-separated, as in the OAuth2 scope parameter. */
    public String scopes;
    @Column(name = "library_id")
    public UUID libraryId;
    /** The one publisher a reports:publisher app reads; null for any other app. */
    public String publisher;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> scopeList() {
        return Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank()).toList();
    }
}
