package fi.lainaamo.devinfra.distributor;

import fi.lainaamo.devinfra.distributor.Catalogue.Licence;
import fi.lainaamo.devinfra.distributor.Checkout.Status;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The distributor's side of lending: copies in use per licence, checkouts used, and every loan with its status. The
 * ODL and Readium rules (who gets a copy, how long a loan may be, what a return or renewal does) live here, apart
 * from HTTP. Every method holds this object's lock, so a licence is never lent beyond its terms.
 */
final class Loans {

    /** A licence without a {@code length} lends for this long. */
    static final Duration DEFAULT_LOAN = Duration.ofDays(21);

    /** A renewal without a requested end must add at least this much, or it is refused (and not offered). */
    static final Duration SMALLEST_RENEWAL = Duration.ofDays(1);

    /** What a checkout asks for, as the ODL template's parameters (null when not given). */
    record CheckoutRequest(String id, String checkoutId, String patronId, String expires, String notificationUrl,
                           String passphrase, String hint, String hintUrl) {
    }

    /** Something that happened to a loan, as the status document's {@code events[]} lists it. */
    record Event(String type, String name, String clientId, Instant timestamp) {
    }

    /**
     * A loan, immutable: changes make a new one. {@code userKey} is the SHA-256 of the passphrase (LCP's user key),
     * the only trace of the passphrase kept; null when none was given.
     */
    record Loan(UUID id, UUID licenceId, String checkoutId, String patronId, Instant start, Instant end,
                Status status, String hint, String hintUrl, byte[] userKey, String notificationUrl,
                Instant licenceUpdated, Instant statusUpdated, List<Event> events) {

        Loan {
            events = List.copyOf(events);
        }

        Loan withStatus(Status newStatus, Instant at, Event event) {
            return new Loan(id, licenceId, checkoutId, patronId, start, end, newStatus, hint, hintUrl, userKey,
                    notificationUrl, licenceUpdated, at, append(event));
        }

        Loan withEnd(Instant newEnd, Instant at, Event event) {
            return new Loan(id, licenceId, checkoutId, patronId, start, newEnd, status, hint, hintUrl, userKey,
                    notificationUrl, at, at, append(event));
        }

        private List<Event> append(Event event) {
            if (event == null) {
                return events;
            }
            List<Event> all = new ArrayList<>(events);
            all.add(event);
            return all;
        }

        Checkout view() {
            return new Checkout(id, licenceId, checkoutId, patronId, end, status, hint != null, notificationUrl);
        }
    }

    /** What the License Info Document says about a licence right now. */
    record LicenceInfo(Licence licence, String status, Integer checkoutsLeft, Integer copiesAvailable,
                       List<Loan> active) {
    }

    /** The answer to a checkout: a new loan (201), or the one already made under the same checkout_id (303). */
    record CheckedOut(Loan loan, boolean created) {
    }

    /** What the distributor sells now: it may start selling more while it runs ({@link DistributorSimulator#offer}). */
    private final Supplier<Catalogue> catalogue;
    private final Clock clock;
    private final Map<UUID, Loan> loans = new LinkedHashMap<>();
    private final Map<UUID, Integer> checkoutsUsed = new HashMap<>();
    private final Set<UUID> madeUnavailable = new HashSet<>();

    Loans(Supplier<Catalogue> catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** ODL checkout: validates the parameters, then lends a copy or refuses with the reason. */
    synchronized CheckedOut checkout(UUID licenceId, CheckoutRequest request, byte[] userKey) {
        Licence licence = catalogue.get().licence(licenceId)
                .orElseThrow(() -> Refusal.notFound("No licence " + licenceId + " at this distributor."));
        if (blank(request.id())) {
            throw Refusal.badParameter("id", "The licence's id is required.");
        }
        if (!request.id().equals(licence.identifier()) && !request.id().equals(licenceId.toString())) {
            throw Refusal.badParameter("id", "id " + request.id() + " does not name the licence checked out here ("
                    + licence.identifier() + ").");
        }
        if (blank(request.checkoutId())) {
            throw Refusal.badParameter("checkout_id", "checkout_id is required: it makes a repeated checkout safe.");
        }
        Optional<Loan> earlier = loans.values().stream()
                .filter(l -> l.licenceId().equals(licenceId) && l.checkoutId().equals(request.checkoutId()))
                .findFirst();
        if (earlier.isPresent()) {
            return new CheckedOut(earlier.get(), false);
        }
        if (blank(request.patronId())) {
            throw Refusal.badParameter("patron_id", "patron_id is required.");
        }
        Instant now = clock.instant();
        Instant requestedEnd = null;
        if (request.expires() != null) {
            try {
                requestedEnd = OffsetDateTime.parse(request.expires().trim()).toInstant();
            } catch (DateTimeParseException notIso) {
                throw Refusal.badParameter("expires", "expires must be an ISO 8601 date and time with an offset, e.g. "
                        + "2026-05-01T12:00:00+03:00; it was " + request.expires() + ".");
            }
            if (!requestedEnd.isAfter(now)) {
                throw Refusal.badParameter("expires", "expires " + request.expires() + " is not in the future.");
            }
        }
        requireHttpUrl("notification_url", request.notificationUrl());
        requireHttpUrl("hint_url", request.hintUrl());
        if (licence.expiredAt(now)) {
            throw new Refusal(403, Refusal.CHECKOUT + "expired", "Licence expired",
                    "Licence " + licence.identifier() + " expired at " + licence.expires() + ".");
        }
        String unavailable = unavailableBecause(licence);
        if (unavailable != null) {
            throw new Refusal(403, Refusal.CHECKOUT + "unavailable", "No copy available", unavailable);
        }
        Instant longest = longestEnd(licence, now);
        Instant end = requestedEnd == null || requestedEnd.isAfter(longest) ? longest : requestedEnd;
        if (licence.checkouts() != null) {
            checkoutsUsed.merge(licenceId, 1, Integer::sum);
        }
        Loan loan = new Loan(UUID.randomUUID(), licenceId, request.checkoutId(), request.patronId(), now, end,
                Status.READY, blank(request.hint()) ? null : request.hint(), blank(request.hintUrl()) ? null
                : request.hintUrl(), userKey, blank(request.notificationUrl()) ? null : request.notificationUrl(),
                now, now, List.of());
        loans.put(loan.id(), loan);
        return new CheckedOut(loan, true);
    }

    synchronized Optional<Loan> loan(UUID loanId) {
        return Optional.ofNullable(loans.get(loanId));
    }

    /** The reading app fetched the licence: a ready loan becomes active. */
    synchronized Loan activate(UUID loanId) {
        Loan loan = existing(loanId);
        if (loan.status() == Status.READY) {
            loan = loan.withStatus(Status.ACTIVE, clock.instant(), null);
            loans.put(loanId, loan);
        }
        return loan;
    }

    /** The patron gives the book back: the copy is free again. Returning a returned loan changes nothing. */
    synchronized Loan giveBack(UUID loanId, String clientName, String clientId) {
        Loan loan = existing(loanId);
        switch (loan.status()) {
            case READY, ACTIVE -> {
                Instant now = clock.instant();
                loan = loan.withStatus(Status.RETURNED, now, new Event("return", clientName, clientId, now));
                loans.put(loanId, loan);
                return loan;
            }
            case RETURNED -> {
                return loan;
            }
            case EXPIRED -> throw new Refusal(403, Refusal.STATUS_DOCUMENT + "return/expired", "Loan expired",
                    "The loan expired at " + loan.end() + "; there is nothing to return.");
            default -> throw new Refusal(403, Refusal.STATUS_DOCUMENT + "return/already", "Loan already ended",
                    "The distributor ended this loan (" + loan.status().json() + ").");
        }
    }

    /**
     * Extends an open loan to {@code requestedEnd}, or as far as it may go when null: at most the licence's loan
     * length from now, and never past the licence's expiry. Without a requested end it must gain at least a day.
     */
    synchronized Loan renew(UUID loanId, String requestedEnd, String clientName, String clientId) {
        Loan loan = existing(loanId);
        if (!loan.status().holdsCopy()) {
            throw new Refusal(403, Refusal.STATUS_DOCUMENT + "renew", "Loan ended",
                    "The loan is " + loan.status().json() + " and cannot be renewed.");
        }
        Instant now = clock.instant();
        Instant longest = longestEnd(licenceOf(loan), now);
        Instant end = longest;
        if (requestedEnd != null) {
            try {
                end = OffsetDateTime.parse(requestedEnd.trim()).toInstant();
            } catch (DateTimeParseException notIso) {
                throw new Refusal(400, Refusal.STATUS_DOCUMENT + "renew/date", "Invalid end",
                        "end must be an ISO 8601 date and time with an offset; it was " + requestedEnd + ".");
            }
            if (end.isAfter(longest)) {
                throw new Refusal(403, Refusal.STATUS_DOCUMENT + "renew/date", "Renewal too long",
                        "The loan can be renewed until " + longest + " at the latest.");
            }
        }
        boolean extendsLoan = requestedEnd == null ? !end.isBefore(loan.end().plus(SMALLEST_RENEWAL)) : end.isAfter(loan.end());
        if (!extendsLoan) {
            throw new Refusal(403, Refusal.STATUS_DOCUMENT + "renew/date", "Renewal refused",
                    "The loan already runs until " + loan.end() + ", as long as this licence allows.");
        }
        loan = loan.withEnd(end, now, new Event("renew", clientName, clientId, now));
        loans.put(loanId, loan);
        return loan;
    }

    /** Whether a renewal could extend the loan now (decides the status document's {@code renew} link). */
    synchronized boolean renewable(Loan loan) {
        return loan.status().holdsCopy()
                && !longestEnd(licenceOf(loan), clock.instant()).isBefore(loan.end().plus(SMALLEST_RENEWAL));
    }

    /** The distributor ends an open loan ({@link Status#REVOKED} or {@link Status#EXPIRED}); empty if it had ended. */
    synchronized Optional<Loan> end(UUID loanId, Status status) {
        Loan loan = existing(loanId);
        if (!loan.status().holdsCopy()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        loan = loan.withStatus(status, now, status == Status.REVOKED ? new Event("revoke", "distributor", null, now) : null);
        loans.put(loanId, loan);
        return Optional.of(loan);
    }

    /** Ends the open loans whose time is up, and gives them back so their checkouts can be told. */
    synchronized List<Loan> expireDue() {
        Instant now = clock.instant();
        List<Loan> expired = new ArrayList<>();
        for (Loan loan : List.copyOf(loans.values())) {
            if (loan.status().holdsCopy() && !loan.end().isAfter(now)) {
                Loan ended = loan.withStatus(Status.EXPIRED, now, null);
                loans.put(loan.id(), ended);
                expired.add(ended);
            }
        }
        return expired;
    }

    synchronized LicenceInfo info(UUID licenceId) {
        Licence licence = catalogue.get().licence(licenceId)
                .orElseThrow(() -> Refusal.notFound("No licence " + licenceId + " at this distributor."));
        List<Loan> active = loans.values().stream()
                .filter(l -> l.licenceId().equals(licenceId) && l.status().holdsCopy()).toList();
        Integer left = licence.checkouts() == null ? null
                : Math.max(0, licence.checkouts() - checkoutsUsed.getOrDefault(licenceId, 0));
        // every copy out is still an available licence (status), just with no copy available now (checkouts.available)
        boolean inForce = !licence.expiredAt(clock.instant()) && !madeUnavailable.contains(licenceId)
                && (left == null || left > 0);
        Integer available;
        if (!inForce) {
            available = 0;
        } else if (licence.concurrency() == null) {
            available = left; // unlimited simultaneous use: only the checkouts left bound it
        } else {
            int free = Math.max(0, licence.concurrency() - active.size());
            available = left == null ? free : Math.min(free, left);
        }
        return new LicenceInfo(licence, inForce ? "available" : "unavailable", left, available, active);
    }

    synchronized void makeUnavailable(UUID licenceId) {
        catalogue.get().licence(licenceId).orElseThrow(() -> Refusal.notFound("No licence " + licenceId + " at this distributor."));
        madeUnavailable.add(licenceId);
    }

    synchronized List<Loan> all() {
        return List.copyOf(loans.values());
    }

    synchronized void reset() {
        loans.clear();
        checkoutsUsed.clear();
        madeUnavailable.clear();
    }

    /** Why no copy can be lent now (made unavailable, checkouts used up, every copy out), or null when one can. */
    private String unavailableBecause(Licence licence) {
        if (madeUnavailable.contains(licence.id())) {
            return "The distributor has withdrawn licence " + licence.identifier() + ".";
        }
        if (licence.checkouts() != null && checkoutsUsed.getOrDefault(licence.id(), 0) >= licence.checkouts()) {
            return "All " + licence.checkouts() + " checkouts of licence " + licence.identifier() + " are used.";
        }
        long out = loans.values().stream().filter(l -> l.licenceId().equals(licence.id()) && l.status().holdsCopy()).count();
        if (licence.concurrency() != null && out >= licence.concurrency()) {
            return "All " + licence.concurrency() + " copies of licence " + licence.identifier() + " are on loan.";
        }
        return null;
    }

    /** A loan may run the licence's length from now, and not past the licence's expiry. */
    private static Instant longestEnd(Licence licence, Instant now) {
        Instant end = now.plus(licence.length() == null ? DEFAULT_LOAN : licence.length());
        return licence.expires() != null && licence.expires().isBefore(end) ? licence.expires() : end;
    }

    private Licence licenceOf(Loan loan) {
        return catalogue.get().licence(loan.licenceId()).orElseThrow();
    }

    private Loan existing(UUID loanId) {
        Loan loan = loans.get(loanId);
        if (loan == null) {
            throw Refusal.notFound("No loan " + loanId + " at this distributor.");
        }
        return loan;
    }

    private static void requireHttpUrl(String parameter, String value) {
        if (blank(value)) {
            return;
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return;
            }
        } catch (java.net.URISyntaxException malformed) {
            // refused below
        }
        throw Refusal.badParameter(parameter, parameter + " must be an absolute http(s) URL; it was " + value + ".");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
