package fi.lainaamo.patron.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The first consortium admin, from configuration, so a fresh installation can add its first libraries. */
@ConfigMapping(prefix = "lainaamo.bootstrap-admin")
public interface BootstrapAdmin {

    @WithDefault("admin")
    String username();

    String password();
}
