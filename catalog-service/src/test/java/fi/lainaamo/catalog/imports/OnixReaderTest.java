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
        assertEquals(List.of("editor", "translator"), d.contributors().stream().map(c -> c.role()).toList());
        assertEquals("Matti Meikäläinen", d.contributors().get(0).name());
        assertEquals("Useita Tekijöitä", d.contributors().get(1).name()); // only the inverted name given
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
}
