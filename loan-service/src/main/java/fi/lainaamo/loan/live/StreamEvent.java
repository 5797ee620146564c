package fi.lainaamo.loan.live;

/** One SSE event as the stream sends it: id (the outbox sequence; none for heartbeat and resync), name and data. */
record StreamEvent(Long id, String name, String data) {

    static final String HEARTBEAT = "heartbeat";
    static final String RESYNC = "resync";

    static StreamEvent of(PatronEventLog.Logged row) {
        return new StreamEvent(row.seq(), row.type(), row.data());
    }

    static StreamEvent heartbeat() {
        return new StreamEvent(null, HEARTBEAT, "{}");
    }

    /** Some changes may be gone from the log (or the Last-Event-ID is not ours): fetch the shelf again. */
    static StreamEvent resync() {
        return new StreamEvent(null, RESYNC, "{\"type\":\"resync\",\"refetch\":\"/v1/shelf\"}");
    }
}
