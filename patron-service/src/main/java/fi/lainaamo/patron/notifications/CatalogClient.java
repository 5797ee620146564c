package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** catalog-service's public title page, for the name of the title an e-mail notice is about. */
@RegisterRestClient(configKey = "catalog-service")
@Path("/v1/publications")
public interface CatalogClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode publication(@PathParam("id") UUID publicationId);
}
