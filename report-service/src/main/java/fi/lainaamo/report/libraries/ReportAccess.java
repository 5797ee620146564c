package fi.lainaamo.report.libraries;

import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who may see which municipality: consortium admins every one; a librarian those their library serves (from the
 * library events); nobody else any.
 */
@RequestScoped
public class ReportAccess {

    private static final Pattern CODE = Pattern.compile("\\d{3}");

    @Inject
    Caller caller;

    @Inject
    EntityManager em;

    public boolean admin() {
        return caller.hasRole(Roles.CONSORTIUM_ADMIN);
    }

    /** 400 for a code that is not three digits, 404 for one no library serves or ever served, 403 outside the caller's. */
    public void mayRead(String municipality) {
        if (municipality == null || !CODE.matcher(municipality).matches()) {
            throw new ProblemException(400, "invalid-municipality", String.valueOf(municipality));
        }
        if (!known(municipality)) {
            throw ProblemException.notFound("unknown-municipality", municipality);
        }
        if (!admin() && !served().contains(municipality)) {
            throw new ProblemException(403, "municipality-not-served", municipality);
        }
    }

    /**
     * The municipalities an export covers: those asked for (each checked as above), or when none is asked for, every
     * one for an admin (null: no filter) and the library's own for a librarian.
     */
    public List<String> readable(Collection<String> asked) {
        if (asked == null || asked.isEmpty()) {
            return admin() ? null : new ArrayList<>(served());
        }
        asked.forEach(this::mayRead);
        return List.copyOf(new TreeSet<>(asked));
    }

    /** Municipalities some library serves now or served once: the codes reports exist for. */
    boolean known(String municipality) {
        return !em.createNativeQuery("select 1 from library_municipality where municipality = ?1 union all "
                        + "select 1 from loan_day where municipality = ?1 limit 1")
                .setParameter(1, municipality).getResultList().isEmpty();
    }

    /** The municipalities the caller's library serves (none for a caller without a library). */
    public Set<String> served() {
        UUID library = caller.libraryId();
        if (library == null) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> codes = em.createNativeQuery("select municipality from library_municipality where library_id = ?1")
                .setParameter(1, library).getResultList();
        return new TreeSet<>(codes);
    }
}
