package fi.lainaamo.patron.webhooks;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A URL a partner app gets events at, the types it wants, and its signing secret. */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "client_id")
    public String clientId;
    public String url;
    /** Space-separated webhook type codes. */
    @Column(name = "event_types")
    public String eventTypes;
    public String description;
    /** whsec_...: every send is signed with it, so it is kept as is; shown to the app only at registration and rotation. */
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;
    public String status;
    @Column(name = "disabled_at")
    public Instant disabledAt;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "admin_told_at")
    public Instant adminToldAt;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "failing_since")
    public Instant failingSince;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> typeList() {
        return Arrays.stream(eventTypes.split(" ")).filter(s -> !s.isBlank()).toList();
    }

    public boolean enabled() {
        return "enabled".equals(status);
    }
}
