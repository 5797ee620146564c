package fi.lainaamo.platform.events;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** This service's event consumers for operators: how far behind each is, what it set aside, pause and resume. */
@Path("/v1/admin/consumers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Consumers")
public class ConsumerResource {

    @Inject
    Consumers consumers;

    @Inject
    DeadLetters deadLetters;

    @Inject
    EventIntake intake;

    /**
     * One consumer's state. {@code lag} is null when the broker did not answer in time; {@code retrying} is set while
     * it retries a record (a dependency is away).
     */
    public record State(
            String consumer,
            String topic,
            String group,
            String deadLetterTopic,
            @Schema(nullable = true) Long lag,
            Map<Integer, Long> lagByPartition,
            long openDeadLetters,
            boolean paused,
            @Schema(nullable = true) EventIntake.Retrying retrying) {
    }

    @GET
    @Operation(operationId = "listConsumers", summary = "List the consumers", description = "Topic, consumer group, lag per partition, open dead letters, "
            + "whether paused, and the record being retried if any.")
    @APIResponse(responseCode = "200", description = "Every consumer of this service")
    public List<State> list() {
        Map<String, Long> open = deadLetters.openByConsumer();
        return consumers.all().stream().map(c -> state(c, open)).toList();
    }

    @POST
    @Path("/{consumer}/pause")
    @Operation(operationId = "pauseConsumer", summary = "Pause a consumer", description = "It stops taking records (the one in flight finishes); records "
            + "wait on the topic. For maintenance, or to hold events back while a fix is deployed.")
    @APIResponse(responseCode = "200", description = "Paused", content = @Content(schema = @Schema(implementation = State.class)))
    @APIResponse(responseCode = "404", description = "unknown-consumer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public State pause(@PathParam("consumer") @Size(max = 100) String consumer) {
        Consumers.Consumer found = named(consumer);
        consumers.pause(found.channel());
        return state(found, deadLetters.openByConsumer());
    }

    @POST
    @Path("/{consumer}/resume")
    @Operation(operationId = "resumeConsumer", summary = "Resume a paused consumer", description = "It goes on from where it stopped.")
    @APIResponse(responseCode = "200", description = "Resumed", content = @Content(schema = @Schema(implementation = State.class)))
    @APIResponse(responseCode = "404", description = "unknown-consumer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public State resume(@PathParam("consumer") @Size(max = 100) String consumer) {
        Consumers.Consumer found = named(consumer);
        consumers.resume(found.channel());
        return state(found, deadLetters.openByConsumer());
    }

    private Consumers.Consumer named(String consumer) {
        return consumers.named(consumer).orElseThrow(() -> ProblemException.notFound("unknown-consumer", consumer));
    }

    private State state(Consumers.Consumer consumer, Map<String, Long> open) {
        var lag = consumers.lag(consumer);
        return new State(consumer.channel(), consumer.topic(), consumer.group(), deadLetters.topicOf(consumer.channel()),
                lag.map(Consumers.Lag::total).orElse(null), lag.map(Consumers.Lag::byPartition).orElse(null),
                open.getOrDefault(consumer.channel(), 0L), consumers.paused(consumer.channel()),
                intake.retrying().get(consumer.channel()));
    }
}
