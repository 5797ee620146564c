package fi.lainaamo.platform.events;

/**
 * A record that no retry can ever apply: it is not a CloudEvent, its data is unreadable, it breaks its type's
 * contract, or it is another version of a type this build knows. {@link EventIntake} sets it aside as a dead letter
 * with {@link #reason()} and goes on with the next record.
 */
public class UnprocessableEvent extends RuntimeException {

    private final String reasonCode;

    public UnprocessableEvent(String reasonCode, String reason) {
        super(reason, null, false, false);
        this.reasonCode = reasonCode;
    }

    /** A stable code: not-a-cloudevent, unreadable-data, contract-violated, unknown-version, keeps-failing. */
    public String reasonCode() {
        return reasonCode;
    }

    /** Readable for an operator; never the record's data. */
    public String reason() {
        return getMessage();
    }
}
