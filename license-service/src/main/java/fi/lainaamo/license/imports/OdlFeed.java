package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.license.licences.Licence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads an ODL 2 feed (OPDS 2 with {@code licenses[]}) the way real distributors write it: numbers as strings, the
 * legacy {@code max_checkout_length}, {@code https://schema.org/} types, a format as a string or a list, an expiry as a
 * date. Plain Java: what is refused, and why, is unit-tested.
 */
public final class OdlFeed {

    /** Finnish distributors' dates without a time mean the whole day in Finland. */
    static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");
    static final int MAX_LOAN_DAYS = 366;

    private OdlFeed() {
    }

    /** One page of a feed: its publications and the link to the next page, if any. */
    public record Page(String selfUrl, String nextUrl, List<Publication> publications) {
    }

    /**
     * A publication of the feed: its id, untouched OPDS metadata, its licences (or why each is refused), and the media
     * types it is delivered in (each licence's {@code metadata.format}, each acquisition link's {@code type}): a real
     * feed may call an audiobook an EBook in its metadata and show it is audio only there.
     */
    public record Publication(String identifier, UUID publicationId, JsonNode metadata, List<FeedLicence> licences,
                              List<String> formats) {
    }

    /** A licence of the feed: its terms, or the reason (a message code and its argument) it is refused. */
    public record FeedLicence(String identifier, Terms terms, String rejection, String rejectionArg) {

        static FeedLicence rejected(String identifier, String code, String arg) {
            return new FeedLicence(identifier, null, code, arg);
        }

        public boolean isRejected() {
            return rejection != null;
        }
    }

    /** Terms of a licence as the feed states them. */
    public record Terms(Integer concurrency, Integer checkouts, Instant expires, Integer maxLoanDays, BigDecimal price,
                        String currency, Licence.Format format, Instant created, String infoUrl, String checkoutUrl,
                        String openAccessUrl, String openAccessType) {
    }

    /** Reads one page; throws IllegalArgumentException with a reason when it is not an OPDS feed at all. */
    public static Page read(JsonNode feed) {
        if (feed == null || !feed.isObject()) {
            throw new IllegalArgumentException("the document is not a JSON object");
        }
        JsonNode publications = feed.path("publications");
        if (!publications.isArray()) {
            throw new IllegalArgumentException("it has no publications list");
        }
        List<Publication> read = new ArrayList<>();
        for (JsonNode p : publications) {
            read.add(publication(p));
        }
        return new Page(link(feed.path("links"), "self").orElse(null), link(feed.path("links"), "next").orElse(null), read);
    }

    static Publication publication(JsonNode p) {
        JsonNode metadata = p.path("metadata");
        String identifier = text(metadata.path("identifier")).orElse(null);
        List<FeedLicence> licences = new ArrayList<>();
        for (JsonNode l : p.path("licenses")) {
            String licenceId = text(l.path("metadata").path("identifier")).orElse(null);
            if (identifier == null) {
                licences.add(FeedLicence.rejected(licenceId, "publication-without-identifier", null));
            } else {
                licences.add(licence(l));
            }
        }
        if (licences.isEmpty() && identifier != null) {
            openAccess(p, identifier).ifPresent(licences::add);
        }
        return new Publication(identifier, identifier == null ? null : PublicationIds.fromIdentifier(identifier),
                metadata, licences, deliveryFormats(p));
    }

    /** The media types of the publication's licences and acquisition links, in feed order, each once. */
    static List<String> deliveryFormats(JsonNode p) {
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (JsonNode l : p.path("licenses")) {
            JsonNode format = l.path("metadata").path("format");
            if (format.isArray()) {
                format.forEach(f -> text(f).ifPresent(types::add));
            } else {
                text(format).ifPresent(types::add);
            }
        }
        for (JsonNode link : p.path("links")) {
            if (link.path("rel").asText().startsWith("http://opds-spec.org/acquisition")) {
                text(link.path("type")).ifPresent(types::add);
            }
        }
        return List.copyOf(types);
    }

    /**
     * A publication without licences but with an open-access acquisition link is lent without a seat limit: it becomes
     * a licence of its own (identifier {@code open-access:<publication>}) that points at the file.
     */
    static Optional<FeedLicence> openAccess(JsonNode p, String identifier) {
        for (JsonNode link : p.path("links")) {
            if ("http://opds-spec.org/acquisition/open-access".equals(link.path("rel").asText())) {
                Optional<String> href = text(link.path("href"));
                String type = text(link.path("type")).orElse("application/epub+zip");
                Optional<Licence.Format> format = format(link.path("type"));
                if (href.isPresent()) {
                    return Optional.of(new FeedLicence("open-access:" + identifier, new Terms(null, null, null, null, null, null,
                            format.orElse(Licence.Format.EPUB), null, null, null, href.get(), type), null, null));
                }
            }
        }
        return Optional.empty();
    }

    static FeedLicence licence(JsonNode l) {
        JsonNode metadata = l.path("metadata");
        String id = text(metadata.path("identifier")).orElse(null);
        if (id == null) {
            return FeedLicence.rejected(null, "missing-identifier", null);
        }
        JsonNode terms = metadata.path("terms");
        try {
            Integer concurrency = positive(terms.path("concurrency"), "concurrency");
            Integer checkouts = positive(terms.path("checkouts"), "checkouts");
            JsonNode lengthNode = terms.has("length") ? terms.path("length") : terms.path("max_checkout_length");
            Integer lengthSeconds = positive(lengthNode, "length");
            Integer maxLoanDays = lengthSeconds == null ? null
                    : (int) Math.min(MAX_LOAN_DAYS, Math.max(1, (lengthSeconds + 86_399L) / 86_400L));
            Instant expires = instant(terms.path("expires"), "expires");
            Optional<Licence.Format> format = format(metadata.path("format"));
            if (format.isEmpty()) {
                return FeedLicence.rejected(id, "unsupported-format", String.valueOf(metadata.path("format")));
            }
            JsonNode price = metadata.path("price");
            BigDecimal value = decimal(price.isObject() ? price.path("value") : price, "price");
            String currency = text(price.path("currency")).map(c -> c.toUpperCase(Locale.ROOT)).orElse(null);
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                throw new InvalidTerm("price.currency");
            }
            Instant created = instant(metadata.path("created"), "created");
            String infoUrl = null;
            String checkoutUrl = null;
            for (JsonNode link : l.path("links")) {
                String rel = link.path("rel").asText();
                if ("self".equals(rel)) {
                    infoUrl = text(link.path("href")).orElse(null);
                } else if ("borrow".equals(rel) || "http://opds-spec.org/acquisition/borrow".equals(rel)) {
                    checkoutUrl = text(link.path("href")).orElse(null);
                }
            }
            return new FeedLicence(id, new Terms(concurrency, checkouts, expires, maxLoanDays, value, currency,
                    format.get(), created, infoUrl, checkoutUrl, null, null), null, null);
        } catch (InvalidTerm invalid) {
            return FeedLicence.rejected(id, "invalid-term", invalid.getMessage());
        }
    }

    /** EPUB, PDF or audiobook from a media type or a list of them (the first one Lainaamo lends wins). */
    static Optional<Licence.Format> format(JsonNode format) {
        List<String> types = new ArrayList<>();
        if (format.isArray()) {
            format.forEach(f -> text(f).ifPresent(types::add));
        } else {
            text(format).ifPresent(types::add);
        }
        for (String type : types) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.startsWith("application/epub+zip")) {
                return Optional.of(Licence.Format.EPUB);
            }
            if (t.startsWith("application/pdf")) {
                return Optional.of(Licence.Format.PDF);
            }
            if (t.startsWith("application/audiobook") || t.startsWith("audio/")) {
                return Optional.of(Licence.Format.AUDIOBOOK);
            }
        }
        return Optional.empty();
    }

    static Optional<String> link(JsonNode links, String rel) {
        for (JsonNode link : links) {
            if (rel.equals(link.path("rel").asText()) && link.hasNonNull("href")) {
                return Optional.of(link.path("href").asText());
            }
        }
        return Optional.empty();
    }

    static Optional<String> text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        String s = node.asText().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** A positive whole number, written as a number or a string; absent is null. */
    static Integer positive(JsonNode node, String field) {
        BigDecimal n = decimal(node, field);
        if (n == null) {
            return null;
        }
        try {
            int value = n.stripTrailingZeros().intValueExact();
            if (value <= 0) {
                throw new InvalidTerm(field);
            }
            return value;
        } catch (ArithmeticException notWhole) {
            throw new InvalidTerm(field);
        }
    }

    static BigDecimal decimal(JsonNode node, String field) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.get());
            if (value.signum() < 0) {
                throw new InvalidTerm(field);
            }
            return value;
        } catch (NumberFormatException notANumber) {
            throw new InvalidTerm(field);
        }
    }

    /** An instant with an offset, a local date-time (Finland), or a date alone (the end of that day in Finland). */
    static Instant instant(JsonNode node, String field) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return null;
        }
        String s = text.get();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T')).atZone(FINLAND).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s).plusDays(1).atStartOfDay(FINLAND).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new InvalidTerm(field);
                }
            }
        }
    }

    /** A term the feed states in a way that cannot be read; its message is the field. */
    static final class InvalidTerm extends RuntimeException {
        InvalidTerm(String field) {
            super(field, null, false, false);
        }
    }
}
