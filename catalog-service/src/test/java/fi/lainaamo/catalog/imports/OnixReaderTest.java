package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.publications.PublicationDetails;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnixReaderTest {

    static String fixture(String name) throws Exception {
        return new String(OnixReaderTest.class.getResourceAsStream("/fixtures/onix/" + name).readAllBytes(), StandardCharsets.UTF_8);
    }

    static List<OnixProduct> read(String xml) throws Exception {
        List<OnixProduct> products = new ArrayList<>();
        OnixReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), products::add);
        return products;
    }

    @Test
    void theFixturesGiveAnEpubToImportAndAPaperbackToSkip() throws Exception {
        List<OnixProduct> products = read(OnixGenerator.message(fixture("product-01.xml"), fixture("product-02.xml")));
        assertEquals(2, products.size());

        OnixProduct epub = products.get(0);
        assertEquals(OnixProduct.Action.UPSERT, epub.action());
        assertEquals("9789515174703", epub.isbn());
        PublicationDetails d = epub.details();
        assertEquals("Esimerkkinimeke", d.title());
        assertEquals("EBOOK", d.format());
        assertEquals("fin", d.language());
        assertEquals(500, d.pages());
        assertEquals("Example series", d.series().name());
        assertEquals(2, d.series().position().intValue());
        // the translator "Tekijöitä, Useita" ("several authors") is a placeholder, not a person
        assertEquals(List.of("Matti Meikäläinen"), d.contributors().stream().map(c -> c.name()).toList());
        assertEquals(List.of("editor"), d.contributors().get(0).roles());
        assertEquals("Meikäläinen, Matti", d.contributors().get(0).sortName());
        assertEquals(List.of("teknologia", "tulevaisuus", "Internet", "N", "scifi"),
                d.subjects().stream().map(s -> s.term()).toList());
        assertEquals("finnish-book-trade", d.subjects().get(3).scheme());
        assertEquals("Example publisher", d.publisher());
        assertEquals(LocalDate.of(2023, 1, 1), d.published());

        OnixProduct paperback = products.get(1);
        assertEquals(OnixProduct.Action.SKIP, paperback.action());
        assertTrue(paperback.reason().contains("BC"));
    }

    @Test
    void aDeleteNotificationWithdrawsAndBrokenProductsFailWithoutStoppingTheRest() throws Exception {
        String deletion = "<Product><RecordReference>del</RecordReference><NotificationType>05</NotificationType>"
                + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789515174703</IDValue></ProductIdentifier></Product>";
        String noIsbn = "<Product><RecordReference>x</RecordReference><NotificationType>03</NotificationType></Product>";
        String badCheckDigit = "<Product><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789515174704</IDValue></ProductIdentifier></Product>";
        String noTitle = "<Product><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789515174703</IDValue></ProductIdentifier>"
                + "<DescriptiveDetail><ProductForm>AJ</ProductForm></DescriptiveDetail></Product>";
        List<OnixProduct> products = read(OnixGenerator.message(deletion, noIsbn, badCheckDigit, noTitle, fixture("product-01.xml")));
        assertEquals(List.of(OnixProduct.Action.WITHDRAW, OnixProduct.Action.FAIL, OnixProduct.Action.FAIL, OnixProduct.Action.FAIL,
                OnixProduct.Action.UPSERT), products.stream().map(OnixProduct::action).toList());
        assertTrue(products.get(1).reason().contains("ISBN"));
        assertTrue(products.get(3).reason().contains("title"));
    }

    @Test
    void durationsInEveryUnitBecomeSeconds() {
        assertEquals(600, OnixReader.seconds("10", "05"));
        assertEquals(7200, OnixReader.seconds("2", "06"));
        assertEquals(3 * 3600 + 25 * 60, OnixReader.seconds("00325", "15"));
        assertEquals(3 * 3600 + 25 * 60 + 7, OnixReader.seconds("0032507", "16"));
        assertNull(OnixReader.seconds("x", "05"));
    }

    @Test
    void xmlThatIsNotWellFormedStopsTheFileWithAnError() {
        assertThrows(javax.xml.stream.XMLStreamException.class, () -> read("<ONIXMessage><Product><RecordReference>a</Product>"));
    }

    @Test
    void aGeneratedFileReadsWithTheMixItWasWrittenWith() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("onix", ".xml");
        try {
            OnixGenerator.Mix mix = OnixGenerator.write(file, 400, 7);
            List<OnixProduct> products = new ArrayList<>();
            try (var in = java.nio.file.Files.newInputStream(file)) {
                OnixReader.read(in, products::add);
            }
            assertEquals(400, products.size());
            assertEquals(mix.digital(), products.stream().filter(p -> p.action() == OnixProduct.Action.UPSERT).count());
            assertEquals(mix.printed(), products.stream().filter(p -> p.action() == OnixProduct.Action.SKIP).count());
            assertEquals(mix.deletions(), products.stream().filter(p -> p.action() == OnixProduct.Action.WITHDRAW).count());
            assertEquals(mix.broken(), products.stream().filter(p -> p.action() == OnixProduct.Action.FAIL).count());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** A digital product (an EPUB) with this ISBN and these elements of its DescriptiveDetail. */
    static String product(String isbn, String... descriptive) {
        return "<Product><RecordReference>ref-" + isbn + "</RecordReference><NotificationType>03</NotificationType>"
                + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbn + "</IDValue></ProductIdentifier>"
                + "<DescriptiveDetail><ProductForm>ED</ProductForm>" + String.join("", descriptive) + "</DescriptiveDetail></Product>";
    }

    static String title(String type, String text) {
        return "<TitleDetail><TitleType>" + type + "</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel><TitleText>"
                + text + "</TitleText></TitleElement></TitleDetail>";
    }

    static String language(String code) {
        return "<Language><LanguageRole>01</LanguageRole><LanguageCode>" + code + "</LanguageCode></Language>";
    }

    /** A contributor; {@code role} null leaves ContributorRole out. */
    static String contributor(int seq, String role, String inner) {
        return "<Contributor><SequenceNumber>" + seq + "</SequenceNumber>" + (role == null ? "" : "<ContributorRole>" + role + "</ContributorRole>")
                + inner + "</Contributor>";
    }

    @Test
    void aContributorWithoutARoleIsCreditedWithRoleUnknownAndTheProductIsRead() throws Exception {
        String isbn = fi.lainaamo.catalog.TestData.newIsbn();
        OnixProduct p = read(OnixGenerator.message(product(isbn, title("01", "Rooliton"), contributor(1, null, "<PersonName>Rauni Rooliton</PersonName>"),
                contributor(2, "A01", "<PersonName>Kaarina Kirjoittaja</PersonName>"), language("fin")))).get(0);
        assertEquals(OnixProduct.Action.UPSERT, p.action(), p.reason());
        assertEquals(List.of("Rauni Rooliton", "Kaarina Kirjoittaja"), p.details().contributors().stream().map(c -> c.name()).toList());
        assertEquals(List.of("unknown", "author"), p.details().contributors().stream().map(c -> c.role()).toList());
    }

    @Test
    void everyRefusedProductHasAStableCodeAndWordsButNoExceptionText() throws Exception {
        String noIsbn = "<Product><RecordReference>x</RecordReference><NotificationType>03</NotificationType></Product>";
        String badCheckDigit = "<Product><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789515174704</IDValue></ProductIdentifier></Product>";
        String noDetail = "<Product><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789515174703</IDValue></ProductIdentifier></Product>";
        String noTitle = product("9789515174703", language("fin"));
        String noForm = product("9789515174703").replace("<ProductForm>ED</ProductForm>", "");
        List<OnixProduct> products = read(OnixGenerator.message(noIsbn, badCheckDigit, noDetail, noTitle, fixture("product-02.xml"), noForm));
        assertEquals(List.of("no-isbn", "isbn-invalid", "no-descriptive-detail", "no-title", "not-digital", "not-digital"),
                products.stream().map(OnixProduct::reasonCode).toList());
        for (OnixProduct p : products) {
            assertTrue(p.reason() != null && !p.reason().isBlank());
            for (String javaText : List.of("Exception", "Cannot invoke", "null", "java.", "hashCode")) {
                assertTrue(!p.reason().contains(javaText), p.reason());
            }
        }
    }

    @Test
    void placeholdersAreNoOneAPersonInTwoRolesIsOneContributorAndMachinesAreFlagged() throws Exception {
        String isbn = fi.lainaamo.catalog.TestData.newIsbn();
        OnixProduct p = read(OnixGenerator.message(product(isbn, title("01", "Käännetty"),
                contributor(1, "A01", "<PersonNameInverted>Tekijöitä, Useita</PersonNameInverted>"),
                contributor(2, "A01", "<PersonName>Useita</PersonName>"),
                contributor(3, "A01", "<PersonName>Anna Ahonen</PersonName><PersonNameInverted>Ahonen, Anna</PersonNameInverted>"),
                contributor(4, "A01", "<UnnamedPersons>02</UnnamedPersons>"),
                contributor(5, "B06", "<PersonNameInverted>Ahonen, Anna</PersonNameInverted>"),
                contributor(6, "B01", "<CorporateName>Various</CorporateName>"),
                contributor(7, "E07", "<UnnamedPersons>07</UnnamedPersons>"),
                contributor(8, "A12", "<UnnamedPersons>09</UnnamedPersons>"),
                contributor(9, "B06", "<KeyNames>Okänd</KeyNames>"),
                contributor(10, "B06", "<NamesBeforeKey>Bertil</NamesBeforeKey><KeyNames>Berg</KeyNames>"),
                language("fin")))).get(0);
        assertEquals(OnixProduct.Action.UPSERT, p.action(), p.reason());
        var credits = p.details().contributors();
        assertEquals(List.of("Anna Ahonen", "Synthesised voice", "AI (artificial intelligence)", "Bertil Berg"),
                credits.stream().map(c -> c.name()).toList());
        assertEquals(List.of("author", "translator"), credits.get(0).roles());
        assertEquals("author", credits.get(0).role());
        assertEquals("Ahonen, Anna", credits.get(0).sortName());
        assertEquals(List.of(false, true, true, false), credits.stream().map(c -> c.ai()).toList());
        assertEquals(List.of("narrator"), credits.get(1).roles());
        assertEquals(List.of("illustrator"), credits.get(2).roles());
        assertEquals("Berg, Bertil", credits.get(3).sortName());
    }

    @Test
    void aNamedSynthesisedVoiceKeepsItsNameAndAPersonNamedAgainWithoutARoleKeepsTheRole() throws Exception {
        String isbn = fi.lainaamo.catalog.TestData.newIsbn();
        OnixProduct p = read(OnixGenerator.message(product(isbn, title("01", "Ääni"),
                contributor(1, "A01", "<PersonName>Kaisa Kirjoittaja</PersonName>"),
                contributor(2, null, "<PersonName>Kaisa  Kirjoittaja</PersonName>"),
                contributor(3, "E07", "<UnnamedPersons>06</UnnamedPersons><AlternativeName><NameType>04</NameType><PersonName>Aino-ääni</PersonName></AlternativeName>"),
                language("fin")))).get(0);
        var credits = p.details().contributors();
        assertEquals(List.of("Kaisa Kirjoittaja", "Aino-ääni"), credits.stream().map(c -> c.name()).toList());
        assertEquals(List.of("author"), credits.get(0).roles());
        assertTrue(credits.get(1).ai());
    }

    @Test
    void aTitleOfTypeUndefinedIsTheTitleWhenThereIsNoDistinctiveOne() throws Exception {
        String onlyUndefined = fi.lainaamo.catalog.TestData.newIsbn();
        String both = fi.lainaamo.catalog.TestData.newIsbn();
        List<OnixProduct> products = read(OnixGenerator.message(
                product(onlyUndefined, title("00", "Määrittelemätön nimeke"), language("fin")),
                product(both, title("00", "Toissijainen"), title("01", "Varsinainen"), language("fin"))));
        assertEquals(OnixProduct.Action.UPSERT, products.get(0).action(), products.get(0).reason());
        assertEquals("Määrittelemätön nimeke", products.get(0).details().title());
        assertEquals("Varsinainen", products.get(1).details().title());
    }

    @Test
    void anUnknownLanguageCodeRefusesTheProductAndTheRestOfTheFileIsRead() throws Exception {
        String unknown = fi.lainaamo.catalog.TestData.newIsbn();
        String terminology = fi.lainaamo.catalog.TestData.newIsbn();
        String capitals = fi.lainaamo.catalog.TestData.newIsbn();
        String sami = fi.lainaamo.catalog.TestData.newIsbn();
        List<OnixProduct> products = read(OnixGenerator.message(
                product(unknown, title("01", "Foo"), language("foo")),
                product(terminology, title("01", "Deutsch"), language("deu")),
                product(capitals, title("01", "Suomi"), language("FIN"), language("swe")),
                product(sami, title("01", "Anárašgiella"), language("smn"))));
        assertEquals(OnixProduct.Action.FAIL, products.get(0).action());
        assertEquals("language-unknown", products.get(0).reasonCode());
        assertTrue(products.get(0).reason().contains("foo"), products.get(0).reason());
        assertEquals("ger", products.get(1).details().language()); // the terminology code deu is German's ger
        assertEquals("fin", products.get(2).details().language());
        assertEquals(List.of("swe"), products.get(2).details().languages());
        assertEquals("smn", products.get(3).details().language()); // Inari Sami has no two-letter code, and is a language
    }
}
