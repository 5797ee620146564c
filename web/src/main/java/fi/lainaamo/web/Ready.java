package fi.lainaamo.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Ready to serve pages (the local stack and docker-compose wait for it). The services' own readiness is theirs. */
@Path("/ready")
public class Ready {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ready() {
        return "UP";
    }
}
