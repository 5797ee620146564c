package fi.lainaamo.devinfra;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo data for the local stack, loaded through the public APIs as an admin and a patron app would: a library
 * serving Helsinki, Espoo, Vantaa and Kauniainen, a dozen Finnish and Swedish titles with licences, a demo patron.
 * The local stack keeps its data across starts, so loading twice changes nothing: what is there already (the
 * services answer 409) is left as it is.
 */
public final class DemoData {

    /** Credentials printed for the person trying the stack. */
    public record Credentials(String cardNumber, String pin, String adminUser, String adminPassword) {
    }

    private record Title(String title, String author, String language, String format, String isbn, int copies) {
    }

    private static final List<Title> TITLES = List.of(
            new Title("Seitsemän veljestä", "Aleksis Kivi", "fin", "EBOOK", "9789510000019", 2),
            new Title("Kalevala", "Elias Lönnrot", "fin", "EBOOK", "9789510000026", 3),
            new Title("Rautatie", "Juhani Aho", "fin", "EBOOK", "9789510000033", 1),
            new Title("Juha", "Juhani Aho", "fin", "AUDIOBOOK", "9789510000040", 1),
            new Title("Sinuhe egyptiläinen", "Mika Waltari", "fin", "EBOOK", "9789510000057", 2),
            new Title("Täällä Pohjantähden alla", "Väinö Linna", "fin", "AUDIOBOOK", "9789510000064", 1),
            new Title("Niskavuoren naiset", "Hella Wuolijoki", "fin", "EBOOK", "9789510000071", 1),
            new Title("Fänrik Ståls sägner", "Johan Ludvig Runeberg", "swe", "EBOOK", "9789510000088", 2),
            new Title("Kometen kommer", "Tove Jansson", "swe", "EBOOK", "9789510000095", 1),
            new Title("Sommarboken", "Tove Jansson", "swe", "AUDIOBOOK", "9789510000101", 1),
            new Title("Hundra år av ensamhet i Vasa", "Ulla-Lena Lundberg", "swe", "EBOOK", "9789510000118", 1),
            new Title("Helsinki by Night", "Aino Virtanen", "eng", "EBOOK", "9789510000125", 5));

    /**
     * Accessibility metadata as distributors send it (schema.org, the European Accessibility Act's), so the search's
     * accessibility filter has something to find: the e-books are readable by a screen reader with adjustable text and
     * no hazards, one also has synchronised audio; the audiobooks are auditory; Niskavuoren naiset has none (unknown).
     */
    private static String accessibility(Title t) {
        if (t.title().equals("Niskavuoren naiset")) {
            return "";
        }
        if (t.format().equals("AUDIOBOOK")) {
            return ",\"accessibility\":{\"summary\":\"Äänikirja: kuunneltava kokonaan.\",\"accessModes\":[\"auditory\"],"
                    + "\"accessModesSufficient\":[\"auditory\"],\"features\":[\"tableOfContents\"],\"hazards\":[\"none\"]}";
        }
        String features = t.title().equals("Helsinki by Night") ? "\"tableOfContents\",\"displayTransformability\",\"synchronizedAudioText\""
                : "\"tableOfContents\",\"displayTransformability\",\"readingOrder\"";
        return ",\"accessibility\":{\"summary\":\"Saavutettava e-kirja: rakenne ja lukujärjestys merkitty, tekstiä voi muokata.\","
                + "\"accessModes\":[\"textual\"],\"accessModesSufficient\":[\"textual\"],\"features\":[" + features + "],"
                + "\"hazards\":[\"none\"],\"conformsTo\":[\"EPUB Accessibility 1.1 - WCAG 2.1 Level AA\"]}";
    }

    /** How long a new title may take to reach license-service through the catalogue's events. */
    private static final Duration LICENCE_WAIT = Duration.ofSeconds(30);

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoData(LocalStack stack) {
        this.stack = stack;
    }

    public Credentials load(PrintStream out) throws IOException, InterruptedException {
        Credentials credentials = new Credentials("12345678", "1234", "admin", System.getenv().getOrDefault("LAINAAMO_ADMIN_PASSWORD", "lainaamo-admin"));
        String patron = stack.url(LocalStack.Service.PATRON);
        String admin = field(post(patron + "/v1/staff/sign-in", null,
                "{\"username\":\"" + credentials.adminUser() + "\",\"password\":\"" + credentials.adminPassword() + "\"}"), "accessToken");
        int created = 0;
        // municipality-taken: the library is there
        created += post(patron + "/v1/libraries", admin, "{\"names\":{\"fi\":\"Helmet-kirjastot\",\"sv\":\"Helmet-biblioteken\",\"en\":\"Helmet libraries\"},"
                + "\"municipalities\":[\"091\",\"049\",\"092\",\"235\"]}") != null ? 1 : 0;
        created += post(patron + "/v1/libraries", admin, "{\"names\":{\"fi\":\"Piki-kirjastot\",\"sv\":\"Piki-biblioteken\",\"en\":\"Piki libraries\"},"
                + "\"municipalities\":[\"837\",\"536\",\"980\"]}") != null ? 1 : 0;
        // card-taken: the patron is there
        created += post(patron + "/v1/patrons", null, "{\"cardNumber\":\"" + credentials.cardNumber() + "\",\"pin\":\"" + credentials.pin()
                + "\",\"municipality\":\"091\",\"language\":\"fi\"}") != null ? 1 : 0;
        // the demo patron's e-mail notices land in the local SMTP server's account printed at start
        String demo = field(post(patron + "/v1/sign-in", null, "{\"cardNumber\":\"" + credentials.cardNumber() + "\",\"pin\":\""
                + credentials.pin() + "\"}"), "accessToken");
        patch(patron + "/v1/patrons/me", demo, "{\"email\":\"" + MailServer.USER_ADDRESS + "\",\"notifications\":{\"email\":true,\"inApp\":true}}");
        for (Title t : TITLES) {
            // isbn-taken: the title is there, and its licence was added with it
            String publication = post(stack.url(LocalStack.Service.CATALOG) + "/v1/publications", admin,
                    "{\"title\":\"" + t.title() + "\",\"format\":\"" + t.format() + "\",\"language\":\"" + t.language()
                            + "\",\"isbn\":\"" + isbn13(t.isbn()) + "\",\"authors\":[\"" + t.author() + "\"]"
                            + accessibility(t) + "}");
            if (publication != null) {
                created++;
                addLicence(admin, "{\"publicationId\":\"" + field(publication, "id") + "\",\"concurrency\":" + t.copies()
                        + ",\"maxLoanDays\":21}");
            }
        }
        // our own content for four of the titles: EPUBs in catalog-service's content store (the same file again changes nothing)
        for (DemoEpubs.DemoEpub book : DemoEpubs.demo()) {
            UUID publication = fi.lainaamo.events.PublicationIds.fromIdentifier(isbn13(book.isbn()));
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(stack.url(LocalStack.Service.CATALOG)
                            + "/v1/publications/" + publication + "/content")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", DemoEpubs.MEDIA_TYPE).header("Authorization", "Bearer " + admin)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(book.epub())).build(), HttpResponse.BodyHandlers.ofString());
            if (uploaded.statusCode() >= 300) {
                throw new IllegalStateException("demo data: the EPUB of " + book.title() + " was refused: " + uploaded.body());
            }
        }
        out.println("Demo content: EPUBs of " + DemoEpubs.demo().stream().map(DemoEpubs.DemoEpub::title).toList()
                + " (the other demo titles have none: opening them says so)");
        // the distributor's titles: licences at license-service, metadata passed on to the catalogue (re-importing changes nothing)
        post(stack.url(LocalStack.Service.LICENSE) + "/v1/imports/odl", admin, "{\"feedUrl\":\"" + stack.distributor().feedUrl()
                + "\",\"distributor\":\"Lainaamo distributor simulator\"}");
        out.println("Distributor simulator: " + stack.distributor().baseUrl() + " (ODL feed " + stack.distributor().feedUrl()
                + ", imported: " + stack.distributor().catalogue().publications().size() + " titles)");
        out.println(created == 0 ? "Demo data already present (2 libraries, 1 patron, " + TITLES.size() + " titles with licences)"
                : "Demo data: 2 libraries, 1 patron, " + TITLES.size() + " titles with licences");
        return credentials;
    }

    /**
     * Adds a licence once license-service knows the publication: it learns the catalogue's publications from its
     * events, so a title created a moment ago may be unknown (422 unknown-publication) for a short while.
     */
    private void addLicence(String admin, String json) throws IOException, InterruptedException {
        String url = stack.url(LocalStack.Service.LICENSE) + "/v1/licences";
        Instant end = Instant.now().plus(LICENCE_WAIT);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            boolean notYetKnown = response.statusCode() == 422 && response.body().contains("\"unknown-publication\"");
            if (response.statusCode() < 300 || response.statusCode() == 409) {
                return;
            }
            if (!notYetKnown || Instant.now().isAfter(end)) {
                throw new IllegalStateException("demo data: POST " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(250);
        }
    }

    /** The response body, or null when the service answers 409: what was to be created is there already. */
    private String post(String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            return null;
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("demo data: POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void patch(String url, String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("demo data: PATCH " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** Replaces the last digit with the correct ISBN-13 check digit. */
    static String isbn13(String digits) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return digits.substring(0, 12) + ((10 - sum % 10) % 10);
    }
}
