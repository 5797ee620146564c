package fi.lainaamo.report.charts;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Loans sent as events come back as charts: PNG of the asked size, SVG whose text says what it shows, and only to whom the report may be shown. */
@QuarkusTest
class ChartsTest {

    static final UUID LIBRARY = UUID.randomUUID();
    static final UUID OTHER_LIBRARY = UUID.randomUUID();
    static final String TOWN = "921";
    static final String ELSEWHERE = "922";
    /** A publisher's title is text, never markup. */
    static final String HOSTILE_TITLE = "Kissat & <script>x</script> \"koirat\"";
    static final UUID POPULAR = UUID.randomUUID();
    static final UUID RARE = UUID.randomUUID();
    static final LocalDate MAY = LocalDate.of(2026, 5, 12);

    /** Four loans of the popular title and one of the rare in 921 in May; two loans in 922. */
    @BeforeAll
    static void residentsBorrow() {
        Events.libraryJoined(LIBRARY, TOWN);
        Events.libraryJoined(OTHER_LIBRARY, ELSEWHERE);
        Events.publication(POPULAR, HOSTILE_TITLE, "EBOOK", "fi", "ADULT", true, "WSOY", List.of("kissat"));
        Events.publication(RARE, "Harvinainen runokirja", "EBOOK", "fi", "ADULT", true, "Otava", List.of("runot"));
        for (int i = 0; i < 4; i++) {
            Events.loan(UUID.randomUUID(), POPULAR, TOWN, LIBRARY, Events.at(MAY, 10));
        }
        Events.loan(UUID.randomUUID(), RARE, TOWN, LIBRARY, Events.at(MAY, 11));
        Events.loan(UUID.randomUUID(), POPULAR, ELSEWHERE, OTHER_LIBRARY, Events.at(MAY, 12));
        Events.loan(UUID.randomUUID(), RARE, ELSEWHERE, OTHER_LIBRARY, Events.at(MAY, 12));
    }

    /** The events are consumed in a moment (RestAssured reaches the app only once it runs: not in the static set-up). */
    @BeforeEach
    void reportsHaveTheLoans() {
        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth().oauth2(admin).queryParam("from", "2026-05").queryParam("to", "2026-05")
                    .get("/v1/reports/municipalities/" + TOWN).then().statusCode(200)
                    .body("months[0].loans", equalTo(5)).body("topTitles.title", hasItem(HOSTILE_TITLE));
            given().auth().oauth2(admin).queryParam("from", "2026-05").queryParam("to", "2026-05")
                    .get("/v1/reports/municipalities/" + ELSEWHERE).then().statusCode(200).body("months[0].loans", equalTo(2));
            // the libraries' municipalities come on another topic, by a consumer of their own
            given().auth().oauth2(TestTokens.librarian(LIBRARY)).queryParam("from", "2026-05").queryParam("to", "2026-05")
                    .get("/v1/reports/municipalities/" + TOWN).then().statusCode(200);
        });
    }

    @Test
    void pngHasTheAskedSize() throws Exception {
        Response png = given().auth().oauth2(TestTokens.librarian(LIBRARY))
                .queryParam("from", "2026-04").queryParam("to", "2026-06").queryParam("width", 640).queryParam("height", 320)
                .get("/v1/reports/charts/municipalities/" + TOWN + "/loans.png");
        png.then().statusCode(200).contentType("image/png").header("Cache-Control", equalTo("no-store"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.asByteArray()));
        assertThat(image.getWidth(), equalTo(640));
        assertThat(image.getHeight(), equalTo(320));

        Response top = given().auth().oauth2(TestTokens.librarian(LIBRARY)).queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + TOWN + "/top-titles.png");
        top.then().statusCode(200).contentType("image/png");
        BufferedImage defaults = ImageIO.read(new ByteArrayInputStream(top.asByteArray()));
        assertThat(defaults.getWidth(), equalTo(800));
        assertThat(defaults.getHeight(), equalTo(400));
    }

    @Test
    void svgSaysInTheCallersLanguageWhatItShowsAndTitlesStayText() throws Exception {
        Response svg = given().auth().oauth2(TestTokens.librarian(LIBRARY)).header("Accept-Language", "fi")
                .queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + TOWN + "/top-titles.svg");
        svg.then().statusCode(200).contentType(startsWith("image/svg+xml"));
        Document document = xml(svg.asByteArray());
        List<String> texts = texts(document);
        assertThat(texts, hasItem("Lainatuimmat nimekkeet, kunta " + TOWN));
        // the title as the publisher wrote it, as the text of a text element: escaped in the file, never an element
        assertThat(texts, hasItem(HOSTILE_TITLE));
        assertThat(document.getElementsByTagNameNS("*", "script").getLength(), equalTo(0));
        assertThat(document.getElementsByTagName("script").getLength(), equalTo(0));
        assertThat(svg.asString(), not(containsString("<script")));
        // the small-cell rule: the rare title's single loan is not drawn, and the chart says one title was left out
        assertThat(String.join("|", texts), not(containsString("Harvinainen runokirja")));
        assertThat(texts, hasItem("1 nimeke, joilla alle 3 lainaa, ei piirretty"));

        Response both = given().auth().oauth2(TestTokens.consortiumAdmin()).header("Accept-Language", "sv")
                .queryParam("municipality", TOWN + "," + ELSEWHERE).queryParam("from", "2026-04").queryParam("to", "2026-06")
                .get("/v1/reports/charts/loans-per-month.svg");
        both.then().statusCode(200).contentType(startsWith("image/svg+xml"));
        List<String> lines = texts(xml(both.asByteArray()));
        assertThat(lines, hasItem("Lån per månad"));
        assertThat(lines, hasItem("Månad"));
        assertThat(lines, hasItem(TOWN));
        assertThat(lines, hasItem(ELSEWHERE));
        assertThat(lines, hasItem("2026-05"));
    }

    @Test
    void holdsPerCopyIsForTheConsortium() throws Exception {
        Response png = given().auth().oauth2(TestTokens.consortiumAdmin()).queryParam("width", 1000).queryParam("height", 600)
                .get("/v1/reports/charts/holds-per-copy.png");
        png.then().statusCode(200).contentType("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(png.asByteArray())).getWidth(), equalTo(1000));
        given().auth().oauth2(TestTokens.librarian(LIBRARY)).get("/v1/reports/charts/holds-per-copy.svg").then().statusCode(403);
    }

    @Test
    void anotherLibrarysMunicipalityAndBadInputAreRefused() {
        given().auth().oauth2(TestTokens.librarian(LIBRARY)).queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + ELSEWHERE + "/loans.png")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("municipality-not-served"));
        given().auth().oauth2(TestTokens.librarian(LIBRARY)).queryParam("municipality", TOWN, ELSEWHERE)
                .queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/loans-per-month.svg")
                .then().statusCode(403).body("code", equalTo("municipality-not-served"));
        String admin = TestTokens.consortiumAdmin();
        given().auth().oauth2(admin).header("Accept-Language", "sv").queryParam("from", "2026-05").queryParam("to", "2026-05")
                .queryParam("width", 100).get("/v1/reports/charts/municipalities/" + TOWN + "/top-titles.svg")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-chart-size"))
                .body("detail", containsString("200–2000"));
        given().auth().oauth2(admin).queryParam("from", "2026-05").queryParam("to", "2026-05").queryParam("height", 2001)
                .get("/v1/reports/charts/municipalities/" + TOWN + "/loans.png").then().statusCode(400).body("code", equalTo("invalid-chart-size"));
        given().auth().oauth2(admin).queryParam("from", "2026-06").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + TOWN + "/loans.svg").then().statusCode(400).body("code", equalTo("invalid-period"));
        given().auth().oauth2(admin).queryParam("municipality", "001,002,003,004,005,006,007,008,009").queryParam("from", "2026-05")
                .queryParam("to", "2026-05").get("/v1/reports/charts/loans-per-month.png").then().statusCode(400)
                .body("code", equalTo("too-many-municipalities"));
        given().auth().oauth2(admin).header("Accept", "application/json").queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + TOWN + "/loans.png").then().statusCode(406);
        given().queryParam("from", "2026-05").queryParam("to", "2026-05")
                .get("/v1/reports/charts/municipalities/" + TOWN + "/loans.png").then().statusCode(401);
    }

    private static Document xml(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    private static List<String> texts(Document document) {
        NodeList nodes = document.getElementsByTagNameNS("*", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }
}
