package fi.lainaamo.loan.live;

import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * Live updates for apps: the patron's own loan and hold changes as Server-Sent Events, so an app shows a ready hold
 * or a returned loan at once instead of polling the shelf. The shelf and status documents stay the polling path.
 */
@Path("/v1/me/events")
@RolesAllowed(Roles.PATRON)
@Tag(name = "Live updates")
public class EventStreamResource {

    @Inject
    Caller caller;

    @Inject
    LiveEvents live;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamMyEvents", summary = "My loan and hold changes, live (Server-Sent Events)",
            description = "A text/event-stream of the signed-in patron's own changes: loan.started, loan.returned, "
                    + "loan.renewed, loan.expired, hold.placed, hold.ready, hold.position-changed, hold.suspended, "
                    + "hold.resumed, hold.fulfilled, hold.cancelled, hold.expired. Each event's `id` is the outbox "
                    + "sequence (grows with every change), `event` its type and `data` a PatronEvent as JSON. "
                    + "Reconnecting with `Last-Event-ID` (or `?lastEventId=` for EventSource polyfills) first replays "
                    + "every change after that id from the last hour, then goes live; an id older than that (or not "
                    + "ours) gets what there is plus `event: resync`: fetch the shelf (GET /v1/shelf) again. "
                    + "`event: heartbeat` (data `{}`) comes right after connecting and replaying, then every 25 s. "
                    + "Open the stream first, then fetch the shelf: nothing falls between the two.")
    @APIResponse(responseCode = "200", description = "The stream; each event's data is a PatronEvent",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = PatronEvent.class)))
    public Multi<OutboundSseEvent> events(
            @Parameter(description = "The id of the last event the app received (set by EventSource on reconnect)")
            @HeaderParam("Last-Event-ID") @Size(max = 20) String lastEventIdHeader,
            @Parameter(description = "The same, for EventSource polyfills that cannot set the header; the header wins")
            @QueryParam("lastEventId") @Size(max = 20) String lastEventIdParam,
            @Context Sse sse) {
        UUID patron = caller.patronId();
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdParam;
        return live.stream(patron, lastEventId).map(event -> {
            OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.name())
                    .data(String.class, event.data()); // no media type: with one, the stream carries a content-type line per event
            if (event.id() != null) {
                builder.id(event.id().toString());
            }
            return builder.build();
        });
    }
}
