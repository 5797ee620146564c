package fi.lainaamo.patron.webhooks;

import fi.lainaamo.events.EventTypes;

import java.util.Arrays;
import java.util.Optional;

/**
 * The events a partner can subscribe to, each named as its Lainaamo event type without the {@code fi.lainaamo.} prefix
 * ({@code loan.started.v1}), and the scope an app needs for it. Loans and holds reach only the apps of the patron's own
 * library and carry a pseudonym instead of the patron id.
 */
public enum WebhookType {
    PUBLICATION_UPSERTED(EventTypes.PUBLICATION_UPSERTED, Group.CATALOGUE),
    PUBLICATION_WITHDRAWN(EventTypes.PUBLICATION_WITHDRAWN, Group.CATALOGUE),
    PUBLICATION_REINSTATED(EventTypes.PUBLICATION_REINSTATED, Group.CATALOGUE),
    LOAN_STARTED(EventTypes.LOAN_STARTED, Group.OWN_LIBRARY),
    LOAN_RETURNED(EventTypes.LOAN_RETURNED, Group.OWN_LIBRARY),
    LOAN_RENEWED(EventTypes.LOAN_RENEWED, Group.OWN_LIBRARY),
    LOAN_EXPIRED(EventTypes.LOAN_EXPIRED, Group.OWN_LIBRARY),
    HOLD_PLACED(EventTypes.HOLD_PLACED, Group.OWN_LIBRARY),
    HOLD_READY(EventTypes.HOLD_READY, Group.OWN_LIBRARY),
    HOLD_EXPIRED(EventTypes.HOLD_EXPIRED, Group.OWN_LIBRARY),
    HOLD_CANCELLED(EventTypes.HOLD_CANCELLED, Group.OWN_LIBRARY),
    LICENCE_ADDED(EventTypes.LICENCE_ADDED, Group.LICENCES),
    LICENCE_UPDATED(EventTypes.LICENCE_UPDATED, Group.LICENCES),
    LICENCE_EXHAUSTED(EventTypes.LICENCE_EXHAUSTED, Group.LICENCES),
    LICENCE_EXPIRED(EventTypes.LICENCE_EXPIRED, Group.LICENCES),
    AVAILABILITY_CHANGED(EventTypes.AVAILABILITY_CHANGED, Group.LICENCES);

    /** Who may see a group of events: the scope an admin gave the app. */
    public enum Group {
        CATALOGUE("catalogue:read"),
        /** The app's own library's patrons only. */
        OWN_LIBRARY("loans:read-own-library"),
        LICENCES("licences:read");

        public final String scope;

        Group(String scope) {
            this.scope = scope;
        }
    }

    public final String eventType;
    /** The name partners see in {@code type} and subscribe with. */
    public final String code;
    public final Group group;

    WebhookType(String eventType, Group group) {
        this.eventType = eventType;
        this.code = eventType.substring("fi.lainaamo.".length());
        this.group = group;
    }

    public static Optional<WebhookType> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }

    public static Optional<WebhookType> ofEventType(String eventType) {
        return Arrays.stream(values()).filter(t -> t.eventType.equals(eventType)).findFirst();
    }
}
