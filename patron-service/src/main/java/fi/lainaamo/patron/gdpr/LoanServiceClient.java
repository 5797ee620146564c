package fi.lainaamo.patron.gdpr;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** loan-service's GDPR endpoint: everything it holds about one patron (loans, holds, history), for the export. */
@RegisterRestClient(configKey = "loan-service")
@Path("/v1/gdpr/patrons")
public interface LoanServiceClient {

    @GET
    @Path("/{patronId}")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode patronData(@PathParam("patronId") UUID patronId, @HeaderParam("Authorization") String authorization);
}
