package fi.lainaamo.patron.staff;

import fi.lainaamo.patron.libraries.Library;
import fi.lainaamo.patron.patrons.Pins;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Staff accounts that consortium admins create; librarians are tied to one library. */
@ApplicationScoped
public class StaffService {

    @Inject
    EntityManager em;

    @Inject
    fi.lainaamo.patron.tokens.BootstrapAdmin bootstrapAdmin;

    @ConfigProperty(name = "lainaamo.patrons.pin-cost", defaultValue = "10")
    int cost;

    @Transactional
    public StaffView create(NewStaff request) {
        List<ProblemException.Violation> errors = new ArrayList<>();
        if (Roles.LIBRARIAN.equals(request.role())) {
            if (request.libraryId() == null) {
                errors.add(new ProblemException.Violation("library-required", "libraryId"));
            } else if (Library.findById(request.libraryId()) == null) {
                errors.add(new ProblemException.Violation("library-not-found", "libraryId", request.libraryId()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, errors.get(0).code(), errors);
        }
        // the bootstrap admin's name is taken too: it is checked first at sign-in
        if (StaffAccount.named(request.username()).isPresent()
                || StaffAccount.normalized(request.username()).equals(StaffAccount.normalized(bootstrapAdmin.username()))) {
            throw new ProblemException(409, "username-taken", List.of(new ProblemException.Violation("username-taken", "username")));
        }
        StaffAccount account = new StaffAccount();
        account.id = UUID.randomUUID();
        account.username = StaffAccount.normalized(request.username());
        account.passwordHash = Pins.hash(request.password(), cost);
        account.role = request.role();
        account.libraryId = Roles.LIBRARIAN.equals(request.role()) ? request.libraryId() : null;
        account.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        account.persist();
        return StaffView.of(account);
    }

    @Transactional
    public Optional<StaffAccount> named(String username) {
        return StaffAccount.named(username);
    }

    @Transactional
    public Optional<StaffAccount> byId(UUID id) {
        return Optional.ofNullable(StaffAccount.findById(id));
    }
}
