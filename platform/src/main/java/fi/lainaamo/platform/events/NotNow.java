package fi.lainaamo.platform.events;

/**
 * Thrown by {@link EventHandler#enter} when the handler may not apply events at the moment (report-service while a
 * rebuild holds its tables). The transaction is rolled back and the intake takes the same records again after a
 * pause, without counting an attempt, so waiting never turns a record into a dead letter.
 */
public class NotNow extends RuntimeException {

    public NotNow(String why) {
        super(why, null, false, false);
    }
}
