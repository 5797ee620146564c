package fi.lainaamo.platform.outbox;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;

/** Sends a record and tells when the broker acknowledged it, or why it did not: what a sender waits on before it commits. */
public final class BrokerAcks {

    private BrokerAcks() {
    }

    /** Sends {@code message} through {@code emitter}; the future completes once the broker has it, or fails with its refusal. */
    public static CompletableFuture<Void> send(Emitter<String> emitter, Message<String> message) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(message
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
