package fi.lainaamo.platform.security;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** Who is calling, read from the verified access token: the pseudonymous patron id and where they belong. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    /** The patron's UUID ({@code sub}); only meaningful for patron tokens. */
    public UUID patronId() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(403, "forbidden");
        }
    }

    /** Home municipality code (3 digits), or null for staff and services. */
    public String municipality() {
        return token.getClaim("municipality");
    }

    /** The library serving the patron, or the librarian's own library. */
    public UUID libraryId() {
        String id = token.getClaim("libraryId");
        return id == null ? null : UUID.fromString(id);
    }

    public boolean hasRole(String role) {
        return token.getGroups() != null && token.getGroups().contains(role);
    }
}
