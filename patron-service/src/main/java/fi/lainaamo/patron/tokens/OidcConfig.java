package fi.lainaamo.patron.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Strong identification through an external OpenID Connect provider (e.g. the national identification service's
 * broker). The app signs the resident in at the provider and posts the ID token to /v1/sign-in/oidc.
 */
@ConfigMapping(prefix = "lainaamo.oidc")
public interface OidcConfig {

    @WithDefault("false")
    boolean enabled();

    /** The provider's base URL; its discovery document is at {@code /.well-known/openid-configuration} under it. */
    Optional<String> authServerUrl();

    /** This application's client id at the provider: the ID token's audience must contain it. */
    Optional<String> clientId();

    /** The claim that carries the home municipality code (three digits). */
    @WithDefault("municipality")
    String municipalityClaim();

    /** The claim that carries the preferred language (fi, sv or en; fi when absent or other). */
    @WithDefault("locale")
    String languageClaim();
}
