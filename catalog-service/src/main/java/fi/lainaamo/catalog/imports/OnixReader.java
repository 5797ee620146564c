package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.feeds.FeedMetadata;
import fi.lainaamo.catalog.publications.Contributor;
import fi.lainaamo.catalog.publications.Credits;
import fi.lainaamo.catalog.publications.Isbn;
import fi.lainaamo.catalog.publications.LanguageCodes;
import fi.lainaamo.catalog.publications.PublicationDetails;
import fi.lainaamo.catalog.publications.Series;
import fi.lainaamo.catalog.publications.Subject;

import org.jboss.logging.Logger;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams an ONIX 3.0 {@code ONIXMessage} (reference tags) with StAX: one {@code Product} at a time is read into a
 * small element tree and mapped, so a file of any size needs the memory of one product. A product that cannot be
 * mapped becomes a FAIL with the reason and the next one is read; only XML that is not well-formed stops the file
 * (no parser can find the next product in it). Plain Java, unit-tested without Quarkus.
 */
public final class OnixReader {

    /** ONIX code list 150 (Product form): the e-book and audio forms the catalogue lends. */
    private static final Map<String, String> FORMS = Map.of("ED", "EBOOK", "EB", "EBOOK", "EC", "EBOOK", "EA", "EBOOK",
            "AJ", "AUDIOBOOK", "AN", "AUDIOBOOK", "AO", "AUDIOBOOK");
    /** ONIX code list 17 (Contributor role): the roles the catalogue names; any other code is role "other". */
    private static final Map<String, String> ROLES = Map.of("A01", "author", "B06", "translator", "E07", "narrator",
            "A12", "illustrator", "B01", "editor");
    /**
     * ONIX code list 19 (Unnamed persons), the codes that are a machine rather than a person, with the name the
     * catalogue gives one the record leaves unnamed: 05 synthesised voice, male; 06 female; 07 unspecified; 08 based
     * on a real voice actor (whose name is not shown: the voice is not theirs reading); 09 AI (artificial intelligence).
     */
    private static final Map<String, String> MACHINES = Map.of("05", "Synthesised voice", "06", "Synthesised voice",
            "07", "Synthesised voice", "08", "Synthesised voice", "09", "AI (artificial intelligence)");
    private static final Set<String> THEMA = Set.of("93", "94", "95", "96", "97", "98", "99");
    private static final XMLInputFactory XML = xmlFactory();
    private static final Logger LOG = Logger.getLogger(OnixReader.class);

    private OnixReader() {
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // no DTDs or external entities from uploaded files
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Reads every product of the message and hands each to {@code products}, in file order. */
    public static void read(InputStream in, Consumer<OnixProduct> products) throws XMLStreamException {
        XMLStreamReader xml = XML.createXMLStreamReader(in);
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "Product".equals(xml.getLocalName())) {
                    products.accept(map(element(xml)));
                }
            }
        } finally {
            xml.close();
        }
    }

    /** The product element the reader stands on, with its children, as a tree. */
    private static Element element(XMLStreamReader xml) throws XMLStreamException {
        Element root = new Element(xml.getLocalName(), xml.getAttributeValue(null, "dateformat"));
        List<Element> open = new ArrayList<>();
        open.add(root);
        while (!open.isEmpty()) {
            int event = xml.next();
            Element current = open.get(open.size() - 1);
            if (event == XMLStreamConstants.START_ELEMENT) {
                Element child = new Element(xml.getLocalName(), xml.getAttributeValue(null, "dateformat"));
                current.children.add(child);
                open.add(child);
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                current.text.append(xml.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                open.remove(open.size() - 1);
            }
        }
        return root;
    }

    static OnixProduct map(Element p) {
        String reference = p.text("RecordReference");
        String isbn = null;
        for (Element id : p.all("ProductIdentifier")) {
            if ("15".equals(id.text("ProductIDType"))) {
                isbn = id.text("IDValue");
            }
        }
        try {
            if (isbn == null) {
                return OnixProduct.fail(reference, null, RecordReason.NO_ISBN);
            }
            isbn = isbn.replace("-", "").trim();
            if (!Isbn.isValid13(isbn)) {
                return OnixProduct.fail(reference, isbn, RecordReason.ISBN_INVALID, isbn);
            }
            if ("05".equals(p.text("NotificationType"))) {
                return OnixProduct.withdraw(reference, isbn);
            }
            Element descriptive = p.first("DescriptiveDetail");
            if (descriptive == null) {
                return OnixProduct.fail(reference, isbn, RecordReason.NO_DESCRIPTIVE_DETAIL);
            }
            String form = descriptive.text("ProductForm");
            String format = form == null ? null : FORMS.get(form);
            if (format == null) {
                return OnixProduct.skip(reference, isbn, RecordReason.NOT_DIGITAL, form == null ? "not given" : form);
            }
            return OnixProduct.upsert(reference, isbn, details(p, descriptive, isbn, format));
        } catch (Refused refused) {
            return OnixProduct.fail(reference, isbn, refused.reason, refused.values);
        } catch (RuntimeException e) {
            // a product this reader cannot map is a bug here, not the partner's fault: the record says so in words and
            // the log has where it broke (the class and place, not the message, which could quote the file's names)
            LOG.errorf("ONIX product %s (ISBN %s) could not be read: %s at %s", reference, isbn, e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            return OnixProduct.fail(reference, isbn, RecordReason.UNREADABLE);
        }
    }

    /** A product refused for a rule of its own: the reason is the record's, with the value at fault. */
    private static final class Refused extends RuntimeException {
        final RecordReason reason;
        final transient Object[] values;

        Refused(RecordReason reason, Object... values) {
            super(reason.code(), null, false, false);
            this.reason = reason;
            this.values = values;
        }
    }

    private static PublicationDetails details(Element p, Element d, String isbn, String format) {
        // TitleType (list 15) 01 is the distinctive title; 00 (undefined) is what some publishers send instead, so it
        // is the title when there is no 01
        String[] title = distinctiveTitle(d, "01");
        if (title == null) {
            title = distinctiveTitle(d, "00");
        }
        if (title == null) {
            throw new Refused(RecordReason.NO_TITLE);
        }
        Series series = null;
        for (Element c : d.all("Collection")) {
            for (Element td : c.all("TitleDetail")) {
                for (Element te : td.all("TitleElement")) {
                    if (series == null && te.text("TitleText") != null) {
                        Element seq = c.first("CollectionSequence");
                        String number = seq == null ? te.text("PartNumber") : seq.text("CollectionSequenceNumber");
                        series = new Series(te.text("TitleText"), decimal(number));
                    }
                }
            }
        }
        List<Element> contributorElements = new ArrayList<>(d.all("Contributor"));
        // stable sort: contributors sharing a sequence number keep their file order
        contributorElements.sort(Comparator.comparingInt(c -> intOr(c.text("SequenceNumber"), Integer.MAX_VALUE)));
        List<Contributor> contributors = new ArrayList<>();
        for (Element c : contributorElements) {
            Contributor contributor = contributor(c);
            if (contributor != null) {
                contributors.add(contributor);
            }
        }
        contributors = Credits.of(contributors);
        // LanguageRole (list 22) 01 is the language of the text, LanguageCode (list 74) an ISO 639-2/B code; a code
        // outside that list is refused rather than stored as a language no one can search or show
        List<String> languages = new ArrayList<>();
        for (Element l : d.all("Language")) {
            String code = l.text("LanguageCode");
            if (!"01".equals(l.text("LanguageRole")) || code == null) {
                continue;
            }
            String known = LanguageCodes.iso639B(code).orElseThrow(() -> new Refused(RecordReason.LANGUAGE_UNKNOWN, code));
            if (!languages.contains(known)) {
                languages.add(known);
            }
        }
        Integer pages = null;
        Integer duration = null;
        for (Element e : d.all("Extent")) {
            String type = e.text("ExtentType");
            String unit = e.text("ExtentUnit");
            String value = e.text("ExtentValue");
            if (("00".equals(type) || "11".equals(type)) && "03".equals(unit)) {
                pages = intOr(value, null);
            } else if ("09".equals(type)) {
                duration = seconds(value, unit);
            }
        }
        List<Subject> subjects = new ArrayList<>();
        for (Element s : d.all("Subject")) {
            String scheme = scheme(s.text("SubjectSchemeIdentifier"));
            String code = s.text("SubjectCode");
            String heading = s.text("SubjectHeadingText");
            if ("keyword".equals(scheme) && heading != null) {
                for (String keyword : heading.split(";")) {
                    if (!keyword.isBlank()) {
                        subjects.add(new Subject(scheme, null, keyword.trim()));
                    }
                }
            } else if (code != null || heading != null) {
                subjects.add(new Subject(scheme, code, heading));
            }
        }
        String audience = null;
        for (Element a : d.all("Audience")) {
            if ("01".equals(a.text("AudienceCodeType"))) {
                audience = audience(a.text("AudienceCodeValue"));
            }
        }
        if (audience == null && d.text("AudienceCode") != null) {
            audience = audience(d.text("AudienceCode"));
        }
        String description = null;
        String cover = null;
        Element collateral = p.first("CollateralDetail");
        if (collateral != null) {
            for (Element t : collateral.all("TextContent")) {
                if (description == null && "03".equals(t.text("TextType"))) {
                    description = FeedMetadata.plain(t.text("Text"));
                }
            }
            for (Element r : collateral.all("SupportingResource")) {
                if (cover == null && "01".equals(r.text("ResourceContentType"))) {
                    for (Element v : r.all("ResourceVersion")) {
                        String link = v.text("ResourceLink");
                        if (cover == null && link != null && link.matches("https?://.*")) {
                            cover = link;
                        }
                    }
                }
            }
        }
        String publisher = null;
        String imprint = null;
        LocalDate published = null;
        Element publishing = p.first("PublishingDetail");
        if (publishing != null) {
            for (Element pub : publishing.all("Publisher")) {
                if (publisher == null && (pub.text("PublishingRole") == null || "01".equals(pub.text("PublishingRole")))) {
                    publisher = pub.text("PublisherName");
                }
            }
            Element imp = publishing.first("Imprint");
            imprint = imp == null ? null : imp.text("ImprintName");
            for (Element date : publishing.all("PublishingDate")) {
                if ("01".equals(date.text("PublishingDateRole"))) {
                    Element value = date.first("Date");
                    published = value == null ? null : date(value.text.toString().trim(), value.attribute);
                }
            }
        }
        return new PublicationDetails(title[0].trim(), title[1], title[2], format, languages.isEmpty() ? LanguageCodes.UNDETERMINED : languages.get(0),
                languages.size() > 1 ? languages.subList(1, languages.size()) : null, isbn, null, null, contributors, subjects,
                audience, series, publisher, imprint, description, published, cover, null,
                "AUDIOBOOK".equals(format) ? duration : null, "EBOOK".equals(format) ? pages : null, null);
    }

    /**
     * The title, subtitle and sort title (the title without its prefix) of the first TitleDetail of this TitleType,
     * from its title-level element (TitleElementLevel 01, or none given); null when there is none.
     */
    private static String[] distinctiveTitle(Element d, String titleType) {
        for (Element td : d.all("TitleDetail")) {
            if (!titleType.equals(td.text("TitleType"))) {
                continue;
            }
            for (Element te : td.all("TitleElement")) {
                if (te.text("TitleElementLevel") == null || "01".equals(te.text("TitleElementLevel"))) {
                    String prefix = te.text("TitlePrefix");
                    String without = te.text("TitleWithoutPrefix");
                    String title = te.text("TitleText") != null ? te.text("TitleText")
                            : without == null ? null : (prefix == null ? "" : prefix + " ") + without;
                    if (title != null) {
                        return new String[]{title, te.text("Subtitle"), without};
                    }
                }
            }
        }
        return null;
    }

    /**
     * One {@code Contributor} composite: its name (PersonName, PersonNameInverted, NamesBeforeKey + KeyNames or
     * CorporateName) and role (list 17; every ContributorRole it repeats, none is role "unknown"). UnnamedPersons
     * (list 19): 01 unknown, 02 anonymous, 03 et al., 04 various stand for no one and give null; 05 to 08 (synthesised
     * voice) and 09 (AI, generative artificial intelligence) are a machine, kept and flagged ai, named by the record or
     * else by what it is. A placeholder written as a name ("Useita") is left to {@link Credits}.
     */
    private static Contributor contributor(Element c) {
        String unnamed = c.text("UnnamedPersons");
        boolean machine = unnamed != null && MACHINES.containsKey(unnamed);
        if (unnamed != null && !machine) {
            return null;
        }
        String inverted = c.text("PersonNameInverted");
        String keyNames = c.text("KeyNames");
        String beforeKey = c.text("NamesBeforeKey");
        String name = c.text("PersonName") != null ? c.text("PersonName")
                : inverted != null ? uninvert(inverted)
                : keyNames != null ? (beforeKey == null ? keyNames : beforeKey + " " + keyNames)
                : c.text("CorporateName") != null ? c.text("CorporateName") : c.text("CorporateNameInverted");
        String sortName = inverted != null ? inverted : keyNames != null && beforeKey != null ? keyNames + ", " + beforeKey : null;
        if (name == null && machine) {
            Element alternative = c.first("AlternativeName");
            name = alternative == null ? null : alternative.text("PersonName") != null ? alternative.text("PersonName") : alternative.text("CorporateName");
            name = name != null && !"08".equals(unnamed) ? name : MACHINES.get(unnamed);
        }
        if (name == null) {
            return null;
        }
        List<String> roles = new ArrayList<>();
        for (Element role : c.all("ContributorRole")) {
            String code = role.text.toString().trim();
            String mapped = code.isEmpty() ? null : ROLES.getOrDefault(code, "other");
            if (mapped != null && !roles.contains(mapped)) {
                roles.add(mapped);
            }
        }
        if (roles.isEmpty()) {
            // a contributor without a role is still credited: the record did not say what they did
            roles.add("unknown");
        }
        return new Contributor(name.trim(), sortName, null, roles, machine);
    }

    /** "Meikäläinen, Matti" is Matti Meikäläinen. */
    static String uninvert(String inverted) {
        int comma = inverted.indexOf(',');
        return comma < 0 ? inverted.trim() : (inverted.substring(comma + 1).trim() + " " + inverted.substring(0, comma).trim()).trim();
    }

    private static String scheme(String onix) {
        if (onix == null) {
            return "other";
        }
        if (THEMA.contains(onix)) {
            return "thema";
        }
        return switch (onix) {
            case "10" -> "bisac";
            case "20" -> "keyword";
            case "71" -> "yso";
            case "69" -> "kaunokki";
            case "70" -> "bella";
            case "73" -> "finnish-book-trade";
            default -> "other";
        };
    }

    private static String audience(String code) {
        return code == null ? null : switch (code) {
            case "01" -> "ADULT";
            case "02" -> "CHILDREN";
            case "03" -> "TEEN";
            default -> null;
        };
    }

    /** Duration in seconds from list 24 units: 05 minutes, 06 hours, 07 seconds, 15 HHHMM, 16 HHHMMSS. */
    static Integer seconds(String value, String unit) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return switch (unit == null ? "05" : unit) {
            case "05" -> intOr(v, null) == null ? null : intOr(v, 0) * 60;
            case "06" -> intOr(v, null) == null ? null : intOr(v, 0) * 3600;
            case "07" -> intOr(v, null);
            case "15" -> v.length() >= 5 ? intOr(v.substring(0, v.length() - 2), 0) * 3600 + intOr(v.substring(v.length() - 2), 0) * 60 : null;
            case "16" -> v.length() >= 7 ? intOr(v.substring(0, v.length() - 4), 0) * 3600
                    + intOr(v.substring(v.length() - 4, v.length() - 2), 0) * 60 + intOr(v.substring(v.length() - 2), 0) : null;
            default -> null;
        };
    }

    /** ONIX dates: dateformat 00 (default) YYYYMMDD, 01 YYYYMM, 05 YYYY; an unreadable date is left out. */
    static LocalDate date(String value, String dateformat) {
        try {
            if (value.matches("\\d{8}")) {
                return LocalDate.of(Integer.parseInt(value.substring(0, 4)), Integer.parseInt(value.substring(4, 6)), Integer.parseInt(value.substring(6)));
            }
            if (value.matches("\\d{6}")) {
                return LocalDate.of(Integer.parseInt(value.substring(0, 4)), Integer.parseInt(value.substring(4, 6)), 1);
            }
            if (value.matches("\\d{4}")) {
                return LocalDate.of(Integer.parseInt(value), 1, 1);
            }
        } catch (RuntimeException e) {
            // left out below
        }
        return null;
    }

    private static BigDecimal decimal(String value) {
        try {
            return value == null ? null : new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer intOr(String value, Integer otherwise) {
        try {
            return value == null ? otherwise : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** An XML element with its text and children; enough of a DOM for one product. */
    static final class Element {
        final String name;
        final String attribute;
        final StringBuilder text = new StringBuilder();
        final List<Element> children = new ArrayList<>(4);

        Element(String name, String attribute) {
            this.name = name;
            this.attribute = attribute;
        }

        Element first(String child) {
            for (Element e : children) {
                if (e.name.equals(child)) {
                    return e;
                }
            }
            return null;
        }

        List<Element> all(String child) {
            List<Element> found = new ArrayList<>(2);
            for (Element e : children) {
                if (e.name.equals(child)) {
                    found.add(e);
                }
            }
            return found;
        }

        /** The trimmed text of the first such child; null when absent or empty. */
        String text(String child) {
            Element e = first(child);
            if (e == null) {
                return null;
            }
            String t = e.text.toString().trim();
            return t.isEmpty() ? null : t;
        }
    }
}
