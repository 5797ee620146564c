package fi.lainaamo.patron.notifications;

import java.util.Arrays;
import java.util.UUID;

/** Why a patron is told something. The code is stable: it is in the API, the database and the delivery keys. */
public enum Occasion {
    /** A seat is kept for the patron until the pick-up deadline. */
    HOLD_READY("hold-ready"),
    /** A ready hold was not borrowed in time and the seat went to the next in line. */
    HOLD_EXPIRED("hold-expired"),
    /** A ready hold's pick-up window closes within a day and the hold is still waiting. */
    HOLD_READY_REMINDER("hold-ready-reminder"),
    /** An open loan is due soon (3 days, then 1 day before); renewal may be possible in the app. */
    LOAN_DUE("loan-due"),
    /** A loan reached its due date and ended. */
    LOAN_EXPIRED("loan-expired"),
    /**
     * The title's licence ended under the patron's hold or loan before its time: the library cancelled the hold
     * (publication withdrawn, no licence left) or the distributor ended the loan early.
     */
    LICENCE_WITHDRAWN("licence-withdrawn");

    public final String code;

    Occasion(String code) {
        this.code = code;
    }

    /**
     * The delivery key: one notice per occasion and channel, whatever happens to the event that caused it (delivered
     * twice, replayed). A hold is ready once and expires once, and a loan expires once, so the hold or loan id names
     * the occasion.
     */
    public String deliveryKey(UUID holdOrLoanId) {
        return code + ":" + holdOrLoanId;
    }

    /**
     * The delivery key of a loan-due notice: the due date is part of it, so a renewed loan can be told again for its
     * new date but never twice for the same date. {@code lead} names the notice ("3d", "1d").
     */
    public static String loanDueKey(UUID loanId, java.time.LocalDate dueDate, String lead) {
        return LOAN_DUE.code + ":" + loanId + ":" + dueDate + ":" + lead;
    }

    public static java.util.Optional<Occasion> find(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }

    public static Occasion of(String code) {
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown occasion " + code));
    }
}
