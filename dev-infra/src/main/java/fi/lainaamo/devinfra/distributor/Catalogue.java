package fi.lainaamo.devinfra.distributor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the simulated distributor sells: publications with their metadata and the licences a library bought for them.
 * {@link #demo()} is the built-in catalogue the local stack imports; tests build their own with the factories.
 */
public record Catalogue(String title, List<Publication> publications) {

    static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");
    private static final Duration DAY = Duration.ofDays(1);

    public Catalogue {
        publications = List.copyOf(publications);
        for (Publication p : publications) {
            if (!isValidIsbn13(p.isbn())) {
                throw new IllegalArgumentException("not an ISBN-13 with a valid check digit: " + p.isbn());
            }
        }
    }

    /** E-book or audiobook: decides the OPDS {@code @type}, the licence format and the file a loan hands out. */
    public enum Kind {
        EBOOK("http://schema.org/EBook", "application/epub+zip"),
        AUDIOBOOK("http://schema.org/Audiobook", "application/audiobook+lcp");

        final String schemaType;
        final String licenceFormat;

        Kind(String schemaType, String licenceFormat) {
            this.schemaType = schemaType;
            this.licenceFormat = licenceFormat;
        }
    }

    /** A subject in a named scheme (BISAC, Thema, schema.org audience), as OPDS writes it. */
    public record Subject(String scheme, String code, String name) {

        static Subject bisac(String code, String name) {
            return new Subject("http://www.bisg.org/standards/bisac_subject/", code, name);
        }

        static Subject audience(String name) {
            return new Subject("http://schema.org/audience", name, name);
        }
    }

    /**
     * A title. Its identifier is its ISBN-13 ({@code urn:isbn:…}); one without licences is open access (free to
     * download, no loan). {@code narrator} and {@code duration} are for audiobooks and null otherwise.
     */
    public record Publication(String isbn, Kind kind, String title, String author, String narrator, String language,
                              String publisher, LocalDate published, String description, List<Subject> subjects,
                              Duration duration, List<Licence> licences) {

        public Publication {
            subjects = List.copyOf(subjects);
            licences = List.copyOf(licences);
        }

        public String identifier() {
            return "urn:isbn:" + isbn;
        }

        public boolean openAccess() {
            return licences.isEmpty();
        }
    }

    /**
     * One licence the library bought, in ODL terms: {@code checkouts} in total (null = unlimited), {@code expires}
     * (null = never), {@code concurrency} loans at once (null = unlimited simultaneous use), loans of at most
     * {@code length}. Its identifier is a stable UUID, so a re-import of the feed finds the same licence.
     */
    public record Licence(UUID id, Integer checkouts, Instant expires, Integer concurrency, Duration length,
                          Instant created, BigDecimal priceEur) {

        /** One loan at a time, for ever: the commonest licence in Finnish libraries. */
        public static Licence oneCopyOneUser(UUID id, Duration length, Instant created, BigDecimal priceEur) {
            return new Licence(id, null, null, 1, length, created, priceEur);
        }

        /** {@code concurrency} loans at a time, no other limit. */
        public static Licence concurrent(UUID id, int concurrency, Duration length, Instant created, BigDecimal priceEur) {
            return new Licence(id, null, null, concurrency, length, created, priceEur);
        }

        /** A number of checkouts to use before {@code expires}, {@code concurrency} at a time. */
        public static Licence metered(UUID id, int checkouts, int concurrency, Instant expires, Duration length,
                                      Instant created, BigDecimal priceEur) {
            return new Licence(id, checkouts, expires, concurrency, length, created, priceEur);
        }

        /** Lend as often as wanted until {@code expires}, {@code concurrency} at a time. */
        public static Licence timeLimited(UUID id, Instant expires, int concurrency, Duration length, Instant created,
                                          BigDecimal priceEur) {
            return new Licence(id, null, expires, concurrency, length, created, priceEur);
        }

        public String identifier() {
            return "urn:uuid:" + id;
        }

        boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }
    }

    public static Catalogue of(String title, List<Publication> publications) {
        return new Catalogue(title, publications);
    }

    /**
     * This catalogue with {@code more} publications after its own, as when the distributor starts selling new titles.
     * An ISBN already in it (or twice in {@code more}) is refused: a re-import must keep finding the same licences.
     */
    public Catalogue plus(Collection<Publication> more) {
        Set<String> isbns = new HashSet<>();
        List<Publication> all = new ArrayList<>(publications);
        all.addAll(more);
        for (Publication p : all) {
            if (!isbns.add(p.isbn())) {
                throw new IllegalArgumentException("ISBN " + p.isbn() + " is already in the catalogue");
            }
        }
        return new Catalogue(title, all);
    }

    /** The publication a licence belongs to. */
    public Optional<Publication> publicationOf(UUID licenceId) {
        return publications.stream().filter(p -> p.licences().stream().anyMatch(l -> l.id().equals(licenceId))).findFirst();
    }

    public Optional<Licence> licence(UUID licenceId) {
        return publications.stream().flatMap(p -> p.licences().stream()).filter(l -> l.id().equals(licenceId)).findFirst();
    }

    public Optional<Publication> publication(String isbn) {
        return publications.stream().filter(p -> p.isbn().equals(isbn)).findFirst();
    }

    /** The built-in catalogue, expiries counted from now. */
    public static Catalogue demo() {
        return demo(Clock.systemUTC());
    }

    /**
     * Six titles in Finnish, Swedish and English: e-books and an audiobook under one-copy-one-user, concurrent, metered
     * and time-limited licences, and one open-access e-book. Expiries are counted from the first day of the current
     * month in Finland, so they stay the same across restarts within a month and a re-import changes nothing.
     */
    public static Catalogue demo(Clock clock) {
        Instant month = ZonedDateTime.now(clock.withZone(FINLAND)).toLocalDate().withDayOfMonth(1)
                .atStartOfDay(FINLAND).toInstant();
        Instant inAboutAYear = month.atZone(FINLAND).plusMonths(13).toInstant();
        Instant inAboutTwoYears = month.atZone(FINLAND).plusMonths(25).toInstant();
        Duration fourteenDays = DAY.multipliedBy(14);
        Duration twentyOneDays = DAY.multipliedBy(21);
        return of("Lainaamo distributor simulator", List.of(
                new Publication("9789527410011", Kind.EBOOK, "Anna Liisa", "Minna Canth", null, "fi",
                        "Saima Kustannus", LocalDate.of(2021, 3, 19),
                        "Minna Cantin näytelmä nuoresta Anna Liisasta, jonka salaisuus nousee pintaan juuri ennen häitä. "
                                + "Klassikko totuudesta, omastatunnosta ja yhteisön paineesta.",
                        List.of(Subject.bisac("DRA000000", "DRAMA / General"), Subject.audience("Adult")),
                        null,
                        List.of(Licence.oneCopyOneUser(licenceId("9789527410011", 1), fourteenDays,
                                created("2025-09-01T09:00:00+03:00"), new BigDecimal("24.90")))),
                new Publication("9789527410028", Kind.AUDIOBOOK, "Putkinotko", "Joel Lehtonen", "Aino Lehtola", "fi",
                        "Saima Kustannus", LocalDate.of(2022, 10, 5),
                        "Joel Lehtosen romaani Juutas Käkriäisen perheen kesäpäivästä torpassa järven rannalla, "
                                + "ääneen luettuna. Rehevä, ironinen ja lämmin kuvaus suomalaisesta maaseudusta.",
                        List.of(Subject.bisac("FIC004000", "FICTION / Classics"),
                                Subject.bisac("FIC019000", "FICTION / Literary"), Subject.audience("Adult")),
                        Duration.ofHours(22).plusMinutes(1),
                        List.of(Licence.concurrent(licenceId("9789527410028", 1), 3, twentyOneDays,
                                created("2025-09-15T10:30:00+03:00"), new BigDecimal("89.00")))),
                new Publication("9789527410035", Kind.EBOOK, "Fältskärns berättelser", "Zacharias Topelius", null, "sv",
                        "Förlaget Skärgård", LocalDate.of(2020, 11, 12),
                        "Zacharias Topelius historiska romansvit om två släkter genom tre sekel av Finlands och "
                                + "Sveriges historia, berättad av en gammal fältskär i Österbotten.",
                        List.of(Subject.bisac("FIC014000", "FICTION / Historical / General"),
                                Subject.bisac("FIC004000", "FICTION / Classics"), Subject.audience("Adult")),
                        null,
                        List.of(Licence.metered(licenceId("9789527410035", 1), 10, 2, inAboutAYear, twentyOneDays,
                                created("2025-10-02T08:15:00+03:00"), new BigDecimal("35.00")))),
                new Publication("9781952640100", Kind.EBOOK, "Finnish Legends for English Children", "R. Eivind", null,
                        "en", "Northern Lights Press", LocalDate.of(2023, 4, 27),
                        "Stories from the Kalevala retold for young readers: Väinämöinen's songs, the forging of the "
                                + "Sampo and the adventures of Lemminkäinen.",
                        List.of(Subject.bisac("FIC010000", "FICTION / Fairy Tales, Folk Tales, Legends & Mythology"),
                                Subject.audience("Children")),
                        null,
                        List.of(Licence.timeLimited(licenceId("9781952640100", 1), inAboutTwoYears, 2, twentyOneDays,
                                created("2025-11-20T12:00:00+02:00"), new BigDecimal("42.00")))),
                new Publication("9789527410059", Kind.EBOOK, "Dikter", "Edith Södergran", null, "sv",
                        "Förlaget Skärgård", LocalDate.of(2024, 2, 9),
                        "Edith Södergrans samlade dikter, från debuten 1916 till Landet som icke är. "
                                + "Modernismens genombrott på svenska i Finland.",
                        List.of(Subject.bisac("POE000000", "POETRY / General"), Subject.audience("Adult")),
                        null,
                        List.of(Licence.oneCopyOneUser(licenceId("9789527410059", 1), twentyOneDays,
                                        created("2025-08-11T14:00:00+03:00"), new BigDecimal("19.90")),
                                Licence.metered(licenceId("9789527410059", 2), 5, 1, inAboutAYear, fourteenDays,
                                        created("2026-01-08T09:45:00+02:00"), new BigDecimal("12.50")))),
                new Publication("9789527410066", Kind.EBOOK, "Lastuja", "Juhani Aho", null, "fi",
                        "Saima Kustannus", LocalDate.of(2019, 6, 3),
                        "Juhani Ahon lyhyitä kertomuksia ja tunnelmakuvia, vapaasti luettavissa.",
                        List.of(Subject.bisac("FIC029000", "FICTION / Short Stories (single author)"),
                                Subject.audience("Adult")),
                        null,
                        List.of())));
    }

    /** A licence id that is the same on every start: derived from the ISBN and the licence's number for that title. */
    public static UUID licenceId(String isbn, int number) {
        return UUID.nameUUIDFromBytes(("lainaamo-distributor-simulator:licence:" + isbn + ":" + number)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Twelve digits ({@code 978…} or {@code 979…}) completed with their ISBN-13 check digit. */
    public static String isbn13(String twelveDigits) {
        if (twelveDigits == null || !twelveDigits.matches("97[89]\\d{9}")) {
            throw new IllegalArgumentException("not the first twelve digits of an ISBN-13: " + twelveDigits);
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (twelveDigits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return twelveDigits + (10 - sum % 10) % 10;
    }

    /** Whether thirteen digits end in the ISBN-13 check digit. */
    public static boolean isValidIsbn13(String isbn) {
        if (isbn == null || !isbn.matches("97[89]\\d{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (isbn.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return (10 - sum % 10) % 10 == isbn.charAt(12) - '0';
    }

    private static Instant created(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }
}
