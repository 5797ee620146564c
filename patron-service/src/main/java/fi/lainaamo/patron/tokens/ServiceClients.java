package fi.lainaamo.patron.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/** The service clients allowed the client-credentials grant: {@code lainaamo.service-clients.<client id>=<secret>}. */
@ConfigMapping(prefix = "lainaamo.service-clients")
public interface ServiceClients {

    @WithParentName
    Map<String, String> secrets();
}
