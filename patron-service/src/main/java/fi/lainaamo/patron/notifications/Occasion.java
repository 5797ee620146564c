package fi.lainaamo.patron.notifications;

import java.util.Arrays;
import java.util.UUID;

/** Why a patron is told something. The code is stable: it is in the API, the database and the delivery keys. */
public enum Occasion {
    /** A seat is kept for the patron until the pick-up deadline. */
    HOLD_READY("hold-ready"),
    /** A ready hold was not borrowed in time and the seat went to the next in line. */
    HOLD_EXPIRED("hold-expired");

    public final String code;

    Occasion(String code) {
        this.code = code;
    }

    /**
     * The delivery key: one notice per occasion and channel, whatever happens to the event that caused it (delivered
     * twice, replayed). A hold is ready once and expires once, so the hold id names the occasion.
     */
    public String deliveryKey(UUID holdId) {
        return code + ":" + holdId;
    }

    public static Occasion of(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown occasion " + code));
    }
}
