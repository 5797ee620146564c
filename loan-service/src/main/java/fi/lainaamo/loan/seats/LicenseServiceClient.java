package fi.lainaamo.loan.seats;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

    /** kind LOAN takes a checkout now; kind HOLD keeps a seat for a ready hold until heldUntil without one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SeatRequest(UUID holderId, UUID publicationId, String municipality, String kind, Instant heldUntil, UUID patronId,
                       Instant loanUntil) {
    }

    /** Turns a hold's seat into the loan's seat. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LendRequest(UUID loanId, String municipality, UUID patronId, Instant loanUntil) {
    }

    /** What the patron opens: see license-service's Fulfilment. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fulfilment(String kind, String licenseHref, String statusHref, String contentHref, String contentType, boolean renewable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Seat(UUID holderId, UUID licenceId, UUID publicationId, String state, String kind, Instant heldUntil,
                Integer maxLoanDays, Instant licenceExpires, Instant loanUntil, Fulfilment fulfilment) {
    }

    @POST
    Seat reserve(@HeaderParam("Authorization") String bearer, SeatRequest request);

    @POST
    @Path("/{holdId}/lend")
    Seat lend(@HeaderParam("Authorization") String bearer, @PathParam("holdId") UUID holdId, LendRequest request);

    /** Renews a distributor's loan at the distributor until {@code until}; answers the seat with the end it granted. */
    record RenewRequest(Instant until) {
    }

    @POST
    @Path("/{holderId}/renew")
    Seat renew(@HeaderParam("Authorization") String bearer, @PathParam("holderId") UUID holderId, RenewRequest request);

    /** The title's seats granted to this service and not asked back (the seat escrow, issue 14). */
    @GET
    @Path("/grants")
    java.util.List<fi.lainaamo.events.SeatGranted> grants(@HeaderParam("Authorization") String bearer,
                                                          @QueryParam("publicationId") UUID publicationId);

    @DELETE
    @Path("/{holderId}")
    void release(@HeaderParam("Authorization") String bearer, @PathParam("holderId") UUID holderId);
}
