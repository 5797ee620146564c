package fi.lainaamo.patron.notifications;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The VAPID public key apps subscribe to Web Push with. */
@Path("/v1/push/vapid-public-key")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class VapidKeyResource {

    @Inject
    VapidKeys keys;

    @GET
    @PermitAll
    @Operation(operationId = "getVapidPublicKey", summary = "The applicationServerKey for pushManager.subscribe",
            description = "Public. The same for every instance; it changes only when an operator configures another key pair "
                    + "(then apps subscribe again).")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(schema = @Schema(implementation = VapidPublicKey.class)))
    public VapidPublicKey publicKey() {
        return new VapidPublicKey(keys.publicKey());
    }
}
