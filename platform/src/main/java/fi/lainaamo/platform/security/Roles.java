package fi.lainaamo.platform.security;

/** The roles carried in the {@code groups} claim of Lainaamo access tokens. */
public final class Roles {
    public static final String PATRON = "patron";
    public static final String LIBRARIAN = "librarian";
    public static final String CONSORTIUM_ADMIN = "consortium-admin";
    /** Service-to-service calls (loan-service asking license-service for a seat). */
    public static final String SERVICE = "service";
    public static final String PARTNER_APP = "partner-app";

    private Roles() {
    }
}
