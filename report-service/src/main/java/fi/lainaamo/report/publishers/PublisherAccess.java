package fi.lainaamo.report.publishers;

import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who may read which publisher's data: consortium admins any; a partner app with the {@value #SCOPE} scope only the
 * publisher its token names (patron-service puts the app's publisher in the {@code publisher} claim); nobody else.
 */
@RequestScoped
public class PublisherAccess {

    /** The scope patron-service gives a publisher's partner app. */
    public static final String SCOPE = "reports:publisher";

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    /**
     * The publisher as asked for (trimmed): 400 invalid-publisher when blank or longer than 200; 403 publisher-scope-missing
     * for a partner app without the scope, publisher-not-yours for another publisher than the app's; forbidden for
     * anyone but admins and partner apps.
     */
    public String mayRead(String publisher) {
        String asked = publisher == null ? "" : publisher.strip();
        if (asked.isEmpty() || asked.length() > 200) {
            throw new ProblemException(400, "invalid-publisher");
        }
        if (caller.hasRole(Roles.CONSORTIUM_ADMIN)) {
            return asked;
        }
        if (!caller.hasRole(Roles.PARTNER_APP)) {
            throw new ProblemException(403, "forbidden");
        }
        String scope = token.getClaim("scope");
        if (scope == null || Arrays.stream(scope.split(" ")).noneMatch(SCOPE::equals)) {
            throw new ProblemException(403, "publisher-scope-missing", SCOPE);
        }
        String own = token.getClaim("publisher");
        if (own == null || !same(own, asked)) {
            throw new ProblemException(403, "publisher-not-yours");
        }
        return asked;
    }

    /** The catalogue's publisher names are matched without regard to case or surrounding space, as the reports do. */
    static boolean same(String a, String b) {
        return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }
}
