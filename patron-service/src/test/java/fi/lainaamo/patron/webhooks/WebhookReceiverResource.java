package fi.lainaamo.patron.webhooks;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Starts the partner's receiver and allows its localhost:port (http) as the one exception to the outbound URL rule. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that gets the {@link Receiver}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface PartnerReceiver {
    }

    private Receiver receiver;

    @Override
    public Map<String, String> start() {
        try {
            receiver = new Receiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("lainaamo.webhooks.allowed-hosts", "localhost:" + receiver.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.AnnotatedAndMatchesType(PartnerReceiver.class, Receiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }
}
