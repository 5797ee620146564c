package fi.lainaamo.patron.tokens;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Which address a sign-in is counted under. The connection's remote address, unless Quarkus is told to take the
 * client address from X-Forwarded-For / Forwarded ({@code quarkus.http.proxy.*}) and given the proxies to believe
 * ({@code quarkus.http.proxy.trusted-proxies}): then the first hop a trusted proxy forwarded. Without a trusted-proxy
 * list Quarkus would believe the header from anyone, so anyone could pick the address their failures count under;
 * here the header is then ignored.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final Logger LOG = Logger.getLogger(ClientAddresses.class);

    @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
    boolean forwarding;

    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;

    void onStart(@Observes StartupEvent started) {
        if (forwarding && !fromTrustedProxies()) {
            LOG.warn("quarkus.http.proxy.proxy-address-forwarding is on without quarkus.http.proxy.trusted-proxies: "
                    + "sign-in limits count the connection's address, not the forwarded one");
        }
    }

    public ClientAddress of(HttpServerRequest request) {
        // Quarkus has already put the forwarded address in remoteAddress() if, and only if, the peer is a trusted proxy
        SocketAddress address = fromTrustedProxies() ? request.remoteAddress() : request.connection().remoteAddress();
        if (address == null) {
            return ClientAddress.of(null);
        }
        return ClientAddress.of(address.hostAddress() != null ? address.hostAddress() : address.host());
    }

    private boolean fromTrustedProxies() {
        return forwarding && trustedProxies.map(list -> list.stream().anyMatch(p -> !p.isBlank())).orElse(false);
    }
}
