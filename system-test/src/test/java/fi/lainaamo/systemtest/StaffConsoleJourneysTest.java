package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff console (web app, /staff) in a real browser — Debian's headless chromium through its chromedriver — against
 * the packaged web app and services on real PostgreSQL and Kafka ({@link SystemStack}); axe-core on every page.
 *
 * <p>The few browser helpers here are this class's own for now (WebJourneysTest has the same kind); they are to be
 * merged into one shared {@code Browser} helper.
 */
class StaffConsoleJourneysTest {

    private static final String STAFF_PASSWORD = "kirjasto-salasana-1";

    private static String web;
    private final List<WebDriver> browsers = new ArrayList<>();
    private String journey = "staff";

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
        web = SystemStack.web();
    }

    @BeforeEach
    void name(TestInfo test) {
        journey = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("staff");
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void aLibrarianBlocksAPatronWhoseBorrowButtonThenExplainsWhyAndUnblocks() {
        String helmet = libraryId("Helmet");
        String librarian = "helmet-" + word();
        given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", librarian, "password", STAFF_PASSWORD, "role", "librarian", "libraryId", helmet))
                .post(SystemStack.url(Service.PATRON, "/v1/staff")).then().statusCode(201);
        String card = SystemStack.card("STF");
        String patronToken = SystemStack.patron(card, "091");
        String otherCard = SystemStack.card("STF");
        SystemStack.patron(otherCard, "837"); // Piki's patron
        String name = "Estetty " + word();
        String publication = SystemStack.title(name, 1);
        awaitDryRun(patronToken, publication, r -> Boolean.TRUE.equals(r.path("borrowable")));
        String onLoan = SystemStack.title("Lainassa " + word(), 1);
        awaitDryRun(patronToken, onLoan, r -> Boolean.TRUE.equals(r.path("borrowable")));
        given().auth().oauth2(patronToken).contentType(ContentType.JSON).body(Map.of("publicationId", onLoan))
                .post(SystemStack.url(Service.LOAN, "/v1/loans")).then().statusCode(201);

        // the librarian, on a phone
        Page staff = open("fi", true);
        staff.go("/staff");
        staff.waitForText(By.tagName("h1"), "Henkilökunnan kirjautuminen"); // sent to sign in first
        staff.axe();
        staff.staffSignIn(librarian, STAFF_PASSWORD);
        staff.waitForText(By.tagName("h1"), "Henkilökunta");
        assertEquals("Olet kirjautunut kirjastonhoitajana.", staff.text(By.id("staff-role")));
        assertTrue(staff.browser.findElements(By.linkText("Tuonnit")).isEmpty(), "no admin pages for a librarian");
        staff.axe();
        staff.fitsThePhone();

        // another library's patron: patron-service's refusal, in its words
        staff.click(By.linkText("Asiakkaat"));
        staff.type(By.id("card"), otherCard);
        staff.click(By.xpath("//form[@action='/staff/patrons']//button"));
        String refusal = given().auth().oauth2(staffToken(librarian)).header("Accept-Language", "fi")
                .get(SystemStack.url(Service.PATRON, "/v1/patrons?cardNumber=" + otherCard)).then().statusCode(404).extract().path("detail");
        assertEquals(refusal, staff.waitFor(By.id("staff-patron-problem")).getText());
        staff.axe();

        // their own patron: found, blocked with a reason
        staff.type(By.id("card"), card);
        staff.click(By.xpath("//form[@action='/staff/patrons']//button"));
        staff.waitForText(By.id("patron-status"), "Voimassa");
        assertTrue(staff.text(By.tagName("h1")).endsWith(card.substring(card.length() - 4)), staff.text(By.tagName("h1")));
        assertEquals("1", staff.text(By.id("active-loans")), "loan-service's count of the patron's loans");
        assertEquals("0", staff.text(By.id("waiting-holds")));
        staff.axe();
        staff.fitsThePhone();
        staff.type(By.id("reason"), "Kadonneen laitteen selvittely");
        staff.click(By.id("block"));
        staff.waitForText(By.id("staff-done"), "Asiakas on estetty.");
        assertEquals("Estetty", staff.text(By.id("patron-status")));
        assertEquals("Kadonneen laitteen selvittely", staff.text(By.id("block-reason")));
        staff.axe();

        // loan-service hears of the block from patron-service's event; its dry-run then says why, in Finnish
        List<String> reasons = new ArrayList<>();
        awaitDryRun(patronToken, publication, r -> {
            List<String> codes = r.path("reasons.code");
            if (codes == null || !codes.contains("patron-blocked")) {
                return false;
            }
            reasons.addAll(r.<List<String>>path("reasons.detail"));
            return true;
        });

        // the patron, in a browser of their own: no Borrow button, the reason instead
        Page patron = open("fi", false);
        patron.go("/sign-in?back=/titles/" + publication);
        patron.signIn(card, "4321");
        patron.waitForText(By.tagName("h1"), name);
        List<String> shown = patron.waitFor(By.id("reasons")).findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertEquals(reasons, shown);
        assertTrue(shown.stream().anyMatch(s -> !s.isBlank()), shown.toString());
        assertTrue(patron.browser.findElements(By.xpath("//button[normalize-space()='Lainaa']")).isEmpty(), "no Borrow button while blocked");
        assertTrue(patron.browser.findElements(By.xpath("//button[normalize-space()='Varaa']")).isEmpty(), "a hold would be refused too");
        patron.axe();

        // the librarian lifts the block; the patron's page offers Borrow again
        staff.click(By.id("unblock"));
        staff.waitForText(By.id("staff-done"), "Esto on poistettu.");
        assertEquals("Voimassa", staff.text(By.id("patron-status")));
        staff.waitFor(By.id("block"));
        staff.axe();
        awaitDryRun(patronToken, publication, r -> Boolean.TRUE.equals(r.path("borrowable")));
        patron.go("/titles/" + publication);
        patron.waitFor(By.xpath("//button[normalize-space()='Lainaa']"));
    }

    @Test
    void anAdminImportsAnOnixFileAndWatchesTheProgressBarReachTheEnd() throws IOException {
        int products = 1500;
        Path file = Files.createDirectories(Path.of("target/staff-console")).resolve("onix-" + word() + ".xml");
        writeOnix(file, products);

        Page admin = open("en", false);
        admin.go("/staff/sign-in");
        admin.staffSignIn("admin", "lainaamo-admin");
        admin.waitForText(By.id("staff-role"), "consortium admin");
        admin.axe();
        admin.click(By.linkText("Imports"));
        admin.waitFor(By.id("onix-file"));
        admin.axe();
        admin.browser.findElement(By.id("onix-file")).sendKeys(file.toAbsolutePath().toString());
        admin.click(By.xpath("//form[@id='onix-form']//button"));

        // the job's page polls its progress every second (htmx) and moves the bar until the import ends
        WebElement bar = admin.waitFor(By.id("import-bar"));
        assertEquals("Import progress", bar.getAttribute("aria-label"));
        assertEquals(String.valueOf(products), bar.getAttribute("max"));
        String firstStatus = admin.browser.findElement(By.id("import-progress")).getAttribute("data-status");
        admin.axe();
        Set<String> seen = new LinkedHashSet<>();
        // read in one script: htmx replaces the fragment every second, so an element found a moment ago may be gone
        new WebDriverWait(admin.browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(100)).until(d -> {
            Object state = ((JavascriptExecutor) d).executeScript("var p = document.getElementById('import-progress'); "
                    + "var b = document.getElementById('import-bar'); return p && b ? [p.dataset.status, b.getAttribute('value')] : null;");
            if (!(state instanceof List<?> pair)) {
                return false;
            }
            seen.add(String.valueOf(pair.get(1)));
            return !"running".equals(pair.get(0));
        });
        System.out.println("progress bar values seen: " + seen + " (first page: " + firstStatus + ")");
        assertEquals("done", admin.browser.findElement(By.id("import-progress")).getAttribute("data-status"));
        WebElement done = admin.browser.findElement(By.id("import-bar"));
        assertEquals(String.valueOf(products), done.getAttribute("value"));
        assertEquals("Finished", admin.text(By.id("import-status")));
        assertTrue(admin.text(By.id("import-progress-text")).endsWith("(100 %)"), admin.text(By.id("import-progress-text")));
        assertTrue("running".equals(firstStatus) && seen.size() >= 2,
                "the bar was seen before the end and then at it: " + seen + ", first " + firstStatus);

        // per-record results: accepted and refused, with the reason in words
        List<WebElement> refused = admin.browser.findElements(By.cssSelector("#import-records tr.refused"));
        List<WebElement> accepted = admin.browser.findElements(By.cssSelector("#import-records tr.accepted"));
        assertEquals(100, refused.size() + accepted.size(), "the first page of records");
        assertEquals(4, refused.size(), "every 25th product is printed in the file's first hundred");
        for (WebElement row : refused) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertEquals("skipped", cells.get(3).getText());
            assertFalse(cells.get(4).getText().isBlank(), "a refused product says why");
        }
        assertTrue(admin.text(By.id("import-counts")).contains("skipped: 60"), admin.text(By.id("import-counts")));
        admin.axe();
        admin.click(By.linkText("Next products"));
        admin.waitForText(By.cssSelector("#import-records tbody tr td"), "101");
        admin.axe();
    }

    @Test
    void anAdminJoinsALibraryWithItsMunicipalitiesFromADateAndSeesItListed() {
        Random random = new Random();
        String first = String.valueOf(900 + random.nextInt(45));
        String second = String.valueOf(945 + random.nextInt(45));
        String name = "Vaski " + word();
        LocalDate joinDate = LocalDate.now(ZoneId.of("Europe/Helsinki")).plusDays(30);

        Page admin = open("fi", true);
        admin.go("/staff/sign-in");
        admin.staffSignIn("admin", "lainaamo-admin");
        admin.click(By.linkText("Kirjastot"));
        admin.waitFor(By.id("join-library"));
        admin.axe();
        admin.fitsThePhone();
        admin.type(By.id("nameFi"), name);
        admin.type(By.id("nameSv"), name + " sv");
        admin.type(By.id("municipalities"), first);
        // a date field's typing order follows the browser's locale; the value is set as the picker would set it
        ((JavascriptExecutor) admin.browser).executeScript("arguments[0].value = arguments[1];",
                admin.browser.findElement(By.id("joinDate")), joinDate.toString());
        admin.click(By.xpath("//form[@id='join-library']//button"));
        admin.waitForText(By.id("staff-done"), "Kirjasto on lisätty.");
        WebElement library = admin.browser.findElement(By.xpath("//ul[@id='libraries']/li[h2[normalize-space()='" + name + "']]"));
        String dateText = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag("fi")).format(joinDate);
        assertEquals(first, library.findElement(By.className("municipalities")).getText());
        assertEquals(dateText, library.findElement(By.className("join-date")).getText());
        assertTrue(library.getText().contains("liittymässä"), library.getText());
        admin.axe();
        admin.fitsThePhone();

        // a second municipality joins the same library
        String id = library.findElement(By.tagName("h2")).getAttribute("id").substring("library-".length());
        admin.type(By.id("add-" + id), second);
        admin.click(By.xpath("//form[@action='/staff/libraries/" + id + "/municipalities']//button"));
        admin.waitForText(By.id("staff-done"), "Kunta on lisätty.");
        library = admin.browser.findElement(By.xpath("//ul[@id='libraries']/li[h2[normalize-space()='" + name + "']]"));
        assertEquals(first + ", " + second, library.findElement(By.className("municipalities")).getText());
        admin.axe();
        List<String> served = given().get(SystemStack.url(Service.PATRON, "/v1/libraries/" + id)).then().statusCode(200)
                .extract().path("municipalities");
        assertEquals(List.of(first, second), served);
    }

    @Test
    void anAdminRegistersAPartnerAppSeesLicencesToActOnAndImportsAnOdlFeed() throws IOException {
        String name = "Kirjastojärjestelmä " + word();
        String title = "Loppumassa " + word();
        String publication = given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "format", "EBOOK", "language", "fin", "authors", List.of("Minna Canth")))
                .post(SystemStack.url(Service.CATALOG, "/v1/publications")).then().statusCode(201).extract().path("id");
        SystemStack.licence(Map.of("publicationId", publication, "concurrency", 1, "checkouts", 2,
                "expires", java.time.Instant.now().plus(Duration.ofDays(10)).toString(), "distributor", "Testijakelija"));

        Page admin = open("fi", true);
        admin.go("/staff/sign-in");
        admin.staffSignIn("admin", "lainaamo-admin");

        // a partner app: registered, its secret shown this once, then listed without it
        admin.click(By.linkText("Kumppanisovellukset"));
        admin.waitFor(By.id("app-name"));
        admin.axe();
        admin.fitsThePhone();
        admin.type(By.id("app-name"), name);
        admin.browser.findElement(By.xpath("//input[@name='scope' and @value='catalogue:read']")).click();
        admin.click(By.xpath("//form[@action='/staff/apps']//button"));
        String clientId = admin.waitFor(By.id("client-id")).getText();
        String secret = admin.text(By.id("client-secret"));
        assertTrue(clientId.startsWith("app-") && secret.length() > 20, clientId);
        assertTrue(admin.text(By.id("apps")).contains(name), "the new app is listed");
        admin.axe();
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret).post(SystemStack.url(Service.PATRON, "/v1/oauth/token")).then().statusCode(200);
        admin.go("/staff/apps");
        assertFalse(admin.browser.getPageSource().contains(secret), "the secret is not shown again");
        assertTrue(admin.browser.findElements(By.id("client-secret")).isEmpty());

        // a publisher's app: scoped to its own publisher, whose holds it reads from report-service, and no one else's
        String publisher = "Kustannus " + word();
        admin.type(By.id("app-name"), "Publisher data " + word());
        admin.browser.findElement(By.xpath("//input[@name='scope' and @value='reports:publisher']")).click();
        admin.type(By.id("app-publisher"), publisher);
        admin.click(By.xpath("//form[@action='/staff/apps']//button"));
        String publisherClient = admin.waitFor(By.id("client-id")).getText();
        String publisherSecret = admin.text(By.id("client-secret"));
        assertTrue(admin.text(By.id("apps")).contains(publisher), "the app's publisher is listed");
        String publisherToken = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", publisherClient).formParam("client_secret", publisherSecret)
                .post(SystemStack.url(Service.PATRON, "/v1/oauth/token")).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(publisherToken).get(SystemStack.url(Service.REPORT, "/v1/reports/publishers/{p}/holds"), publisher)
                .then().statusCode(200);
        given().auth().oauth2(publisherToken).get(SystemStack.url(Service.REPORT, "/v1/reports/publishers/{p}/holds"), "Otava")
                .then().statusCode(403).contentType("application/problem+json");

        // licences to act on: the title expiring in ten days with two checkouts left is in both lists
        admin.click(By.linkText("Lisenssit"));
        admin.waitFor(By.id("expiring-heading"));
        assertTrue(admin.text(By.id("expiring")).contains(title), admin.text(By.id("expiring")));
        assertTrue(admin.text(By.id("exhausted")).contains(title), admin.text(By.id("exhausted")));
        admin.fitsThePhone();

        // an ODL feed of 300 licences uploaded as a file: license-service imports it as a job, the page follows its bar
        // to the end and then lists each licence with its result
        admin.click(By.linkText("Tuonnit"));
        admin.waitFor(By.id("odl-file"));
        int licences = 300;
        Path feed = Files.createDirectories(Path.of("target/staff-console")).resolve("odl-" + word() + ".json");
        writeOdlFeed(feed, licences);
        admin.browser.findElement(By.id("odl-file")).sendKeys(feed.toAbsolutePath().toString());
        admin.type(By.id("odl-distributor"), "Ellibs " + word());
        admin.click(By.xpath("//form[@id='odl-form']//button"));
        WebElement odlBar = admin.waitFor(By.id("odl-bar"));
        assertEquals("ODL-tuonnin edistyminen", odlBar.getAttribute("aria-label"));
        assertEquals("odl-progress-text", odlBar.getAttribute("aria-describedby"));
        Set<String> odlSeen = new LinkedHashSet<>();
        new WebDriverWait(admin.browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(100)).until(d -> {
            Object state = ((JavascriptExecutor) d).executeScript("var p = document.getElementById('odl-progress'); "
                    + "var b = document.getElementById('odl-bar'); return p && b ? [p.dataset.status, b.getAttribute('value')] : null;");
            if (!(state instanceof List<?> pair)) {
                return false;
            }
            odlSeen.add(String.valueOf(pair.get(1)));
            return !"running".equals(pair.get(0));
        });
        System.out.println("ODL progress bar values seen: " + odlSeen);
        assertEquals("done", admin.browser.findElement(By.id("odl-progress")).getAttribute("data-status"));
        assertEquals(String.valueOf(licences), admin.browser.findElement(By.id("odl-bar")).getAttribute("value"));
        assertEquals(String.valueOf(licences), admin.browser.findElement(By.id("odl-bar")).getAttribute("max"));
        assertEquals("Valmis", admin.text(By.id("odl-status")));
        assertTrue(admin.text(By.id("odl-progress-text")).endsWith("(100 %)"), admin.text(By.id("odl-progress-text")));
        admin.waitForText(By.id("odl-done"), "Syöte on luettu");
        List<WebElement> rows = admin.browser.findElements(By.cssSelector("#odl-licences tbody tr"));
        assertEquals(licences, rows.size(), "every licence of the feed has a row");
        assertTrue(rows.stream().allMatch(r -> r.findElements(By.tagName("td")).get(1).getText().equals("uusi")),
                rows.stream().limit(5).map(WebElement::getText).toList().toString());
        assertTrue(admin.text(By.id("odl-counts")).contains("uusia: " + licences), admin.text(By.id("odl-counts")));
        admin.axe();
        admin.fitsThePhone();
    }

    // --- the data ---

    private static String libraryId(String name) {
        return given().get(SystemStack.url(Service.PATRON, "/v1/libraries")).then().statusCode(200)
                .extract().path("find { it.names.fi == '" + name + "' }.id");
    }

    private static String staffToken(String username) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", STAFF_PASSWORD))
                .post(SystemStack.url(Service.PATRON, "/v1/staff/sign-in")).then().statusCode(200).extract().path("accessToken");
    }

    private static void awaitDryRun(String token, String publication, java.util.function.Predicate<Response> until) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> until.test(given().auth().oauth2(token)
                .header("Accept-Language", "fi").contentType(ContentType.JSON).body(Map.of("publicationId", publication))
                .post(SystemStack.url(Service.LOAN, "/v1/loans/dry-run"))));
    }

    /** An ONIX 3.0 message of {@code products} e-books, every 25th a printed book (which the catalogue skips, saying why). */
    /** An ODL feed (one page) of {@code licences} publications with one licence each. */
    private static void writeOdlFeed(Path file, int licences) throws IOException {
        String run = word();
        StringBuilder feed = new StringBuilder("{\"metadata\": {\"title\": \"Staff console test\"}, \"publications\": [");
        for (int i = 0; i < licences; i++) {
            feed.append(i == 0 ? "" : ",").append("""
                    {"metadata": {"identifier": "urn:uuid:%s", "title": "ODL %s %d"}, "licenses": [
                      {"metadata": {"identifier": "urn:license:staff-%s-%d", "format": "application/epub+zip", "terms": {"concurrency": 1}}}]}"""
                    .formatted(UUID.nameUUIDFromBytes((run + i).getBytes(StandardCharsets.UTF_8)), run, i, run, i));
        }
        feed.append("]}\n");
        Files.writeString(file, feed, StandardCharsets.UTF_8);
    }

    private static void writeOnix(Path file, int products) throws IOException {
        Random random = new Random();
        StringBuilder onix = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ONIXMessage release=\"3.0\" "
                + "xmlns=\"http://ns.editeur.org/onix/3.0/reference\">\n<Header><Sender><SenderName>Staff console test</SenderName></Sender>"
                + "<SentDateTime>20261130</SentDateTime></Header>\n");
        String run = word();
        for (int i = 1; i <= products; i++) {
            onix.append("<Product><RecordReference>staff-").append(run).append('-').append(i).append("</RecordReference>")
                    .append("<NotificationType>03</NotificationType><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>")
                    .append(isbn(random)).append("</IDValue></ProductIdentifier><DescriptiveDetail><ProductForm>")
                    .append(i % 25 == 0 ? "BC" : "EA").append("</ProductForm><TitleDetail><TitleType>01</TitleType><TitleElement>")
                    .append("<TitleElementLevel>01</TitleElementLevel><TitleText>Tuonti ").append(run).append(' ').append(i)
                    .append("</TitleText></TitleElement></TitleDetail><Contributor><SequenceNumber>1</SequenceNumber>")
                    .append("<ContributorRole>A01</ContributorRole><PersonName>Minna Canth</PersonName></Contributor>")
                    .append("<Language><LanguageRole>01</LanguageRole><LanguageCode>fin</LanguageCode></Language></DescriptiveDetail>")
                    .append("<PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>Kustantamo</PublisherName>")
                    .append("</Publisher></PublishingDetail></Product>\n");
        }
        onix.append("</ONIXMessage>\n");
        Files.writeString(file, onix, StandardCharsets.UTF_8);
    }

    /** A valid random ISBN-13 in the 979-12 range. */
    private static String isbn(Random random) {
        StringBuilder digits = new StringBuilder("97912");
        for (int i = 0; i < 7; i++) {
            digits.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }

    private static String word() {
        StringBuilder word = new StringBuilder("s");
        UUID.randomUUID().toString().chars().filter(Character::isLetter).limit(8).forEach(c -> word.append((char) c));
        return word.toString();
    }

    // --- the browser ---

    /** A headless chromium in {@code language}; a phone's width (390 px) when asked. Several may be open at once. */
    private Page open(String language, boolean phone) {
        Browser opened = Browser.open(web, journey, language, phone);
        browsers.add(opened.driver);
        return new Page(opened);
    }

    /** One browser's view of the web app: {@link Browser}'s helpers, and the staff sign-in. */
    private static final class Page {
        final Browser with;
        final WebDriver browser;
        final WebDriverWait wait;

        Page(Browser with) {
            this.with = with;
            this.browser = with.driver;
            this.wait = with.wait;
        }

        void go(String path) {
            with.page(path);
        }

        void staffSignIn(String username, String password) {
            type(By.id("username"), username);
            type(By.id("password"), password);
            Object before = with.marker();
            browser.findElement(By.xpath("//form[@action='/staff/sign-in']//button")).click();
            with.awaitNewPage(before);
        }

        void signIn(String card, String pin) {
            with.signIn(card, pin);
        }

        void type(By field, String text) {
            WebElement element = waitFor(field);
            element.clear();
            element.sendKeys(text);
        }

        void click(By what) {
            with.click(what);
        }

        WebElement waitFor(By what) {
            return with.waitFor(what);
        }

        void waitForText(By what, String text) {
            with.waitForText(what, text);
        }

        String text(By what) {
            return with.text(what);
        }

        void fitsThePhone() {
            with.fitsThePhone();
        }

        void axe() {
            with.axe();
        }
    }
}
