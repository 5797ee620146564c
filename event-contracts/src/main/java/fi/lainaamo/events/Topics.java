package fi.lainaamo.events;

/** One topic per producing service; records are keyed by the aggregate that must stay in order. */
public final class Topics {
    /** Publication events, keyed by publication id. */
    public static final String CATALOG = "lainaamo.catalog.v1";
    /** Licence, seat and availability events, keyed by publication id. */
    public static final String LICENCE = "lainaamo.licence.v1";
    /** Loan and hold events, keyed by publication id. */
    public static final String LOAN = "lainaamo.loan.v1";
    /** Patron and library events, keyed by patron or library id. */
    public static final String PATRON = "lainaamo.patron.v1";

    private Topics() {
    }
}
