package fi.lainaamo.license.seats;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.UUID;

/** loan-service's seat-holder lookup: what became of the loans and holds seats are held for (service role). */
@RegisterRestClient(configKey = "loan-service")
@Path("/v1/seat-holders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface LoanServiceClient {

    /** At most {@link SeatHolders#BATCH} holder ids. */
    record Lookup(List<UUID> ids) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(List<Holder> holders) {
    }

    /** kind loan (state active or ended), kind hold (ready, waiting or ended), or no kind and state unknown. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Holder(UUID id, String kind, String state) {

        boolean activeLoan() {
            return "loan".equals(kind) && "active".equals(state);
        }

        boolean endedLoan() {
            return "loan".equals(kind) && "ended".equals(state);
        }

        /** loan-service has committed no loan or hold with this id. */
        boolean unknown() {
            return kind == null && "unknown".equals(state);
        }
    }

    @POST
    @Path("/lookup")
    Answer lookup(@HeaderParam("Authorization") String bearer, Lookup lookup);
}
