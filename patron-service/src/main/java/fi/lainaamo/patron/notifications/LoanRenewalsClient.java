package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** loan-service's renewability lookup: which loans a loan-due notice may offer to renew (service token). */
@RegisterRestClient(configKey = "loan-renewals")
@Path("/v1/renewals/lookup")
public interface LoanRenewalsClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode lookup(Map<String, List<UUID>> request, @HeaderParam("Authorization") String authorization);
}
