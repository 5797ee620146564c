package fi.lainaamo.loan.seats;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.UUID;

/** license-service's seat API, the one synchronous call Lainaamo makes between services. */
@RegisterRestClient(configKey = "license-service")
@Path("/v1/seats")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface LicenseServiceClient {

    record SeatRequest(UUID holderId, UUID publicationId, String municipality, String kind) {
    }

    record Seat(UUID holderId, UUID licenceId, UUID publicationId, String state, Integer maxLoanDays,
                Instant licenceExpires) {
    }

    @POST
    Seat reserve(@HeaderParam("Authorization") String bearer, SeatRequest request);

    @DELETE
    @Path("/{holderId}")
    void release(@HeaderParam("Authorization") String bearer, @PathParam("holderId") UUID holderId);
}
