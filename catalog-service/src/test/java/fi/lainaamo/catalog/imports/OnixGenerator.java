package fi.lainaamo.catalog.imports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes ONIX 3.0 messages of any size for tests and the import benchmark: mostly e-books and audiobooks, with a
 * share of printed books (skipped), deletions (withdrawn) and broken products (failed) mixed in, as publishers' real
 * files have. The same seed gives the same file.
 */
public final class OnixGenerator {

    private static final String[] WORDS = {"kirjasto", "meri", "talvi", "kesä", "sota", "rakkaus", "metsä", "kaupunki",
            "huvila", "salaisuus", "yö", "saari", "tyttö", "poika", "susi", "lintu", "joki", "kivi", "tuuli", "valo"};
    private static final String[] NAMES = {"Aino", "Eero", "Helmi", "Juhani", "Kaisa", "Lauri", "Minna", "Olli", "Sanna", "Ville"};
    private static final String[] SURNAMES = {"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"};

    /** How many products of each kind a file got. */
    public record Mix(int digital, int printed, int deletions, int broken) {
        public int total() {
            return digital + printed + deletions + broken;
        }
    }

    private OnixGenerator() {
    }

    /** Writes {@code products} products to {@code file}; every 25th printed, every 33rd a deletion, every 40th broken. */
    public static Mix write(Path file, int products, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> isbns = new ArrayList<>();
        int digital = 0, printed = 0, deletions = 0, broken = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ONIXMessage release=\"3.0\" xmlns=\"http://ns.editeur.org/onix/3.0/reference\">\n"
                    + "<Header><Sender><SenderName>Generaattori</SenderName></Sender><SentDateTime>20261125</SentDateTime></Header>\n");
            for (int i = 1; i <= products; i++) {
                if (i % 40 == 0) {
                    broken++;
                    out.write("<Product><RecordReference>gen-" + i + "</RecordReference><NotificationType>03</NotificationType>"
                            + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9789510000010</IDValue></ProductIdentifier></Product>\n");
                } else if (i % 33 == 0 && !isbns.isEmpty()) {
                    deletions++;
                    out.write("<Product><RecordReference>gen-" + i + "</RecordReference><NotificationType>05</NotificationType>"
                            + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbns.get(random.nextInt(isbns.size()))
                            + "</IDValue></ProductIdentifier></Product>\n");
                } else {
                    String isbn = isbn(random);
                    boolean print = i % 25 == 0;
                    if (print) {
                        printed++;
                    } else {
                        digital++;
                        isbns.add(isbn);
                    }
                    out.write(product("gen-" + i, isbn, print ? "BC" : (random.nextInt(3) == 0 ? "AJ" : "EA"), random));
                }
            }
            out.write("</ONIXMessage>\n");
        }
        return new Mix(digital, printed, deletions, broken);
    }

    private static String product(String reference, String isbn, String form, Random random) {
        String title = cap(WORDS[random.nextInt(WORDS.length)]) + " ja " + WORDS[random.nextInt(WORDS.length)] + " " + random.nextInt(1000);
        String language = random.nextInt(5) == 0 ? "swe" : random.nextInt(6) == 0 ? "eng" : "fin";
        String extent = "AJ".equals(form)
                ? "<Extent><ExtentType>09</ExtentType><ExtentValue>" + (200 + random.nextInt(900)) + "</ExtentValue><ExtentUnit>05</ExtentUnit></Extent>"
                : "<Extent><ExtentType>00</ExtentType><ExtentValue>" + (80 + random.nextInt(600)) + "</ExtentValue><ExtentUnit>03</ExtentUnit></Extent>";
        return "<Product><RecordReference>" + reference + "</RecordReference><NotificationType>03</NotificationType>"
                + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbn + "</IDValue></ProductIdentifier>"
                + "<DescriptiveDetail><ProductForm>" + form + "</ProductForm>"
                + "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel><TitleText>" + title
                + "</TitleText></TitleElement></TitleDetail>"
                + "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole><PersonName>"
                + NAMES[random.nextInt(NAMES.length)] + " " + SURNAMES[random.nextInt(SURNAMES.length)] + "</PersonName></Contributor>"
                + extent
                + "<Language><LanguageRole>01</LanguageRole><LanguageCode>" + language + "</LanguageCode></Language>"
                + "<Subject><SubjectSchemeIdentifier>20</SubjectSchemeIdentifier><SubjectHeadingText>" + WORDS[random.nextInt(WORDS.length)]
                + ";" + WORDS[random.nextInt(WORDS.length)] + "</SubjectHeadingText></Subject>"
                + "<Audience><AudienceCodeType>01</AudienceCodeType><AudienceCodeValue>0" + (1 + random.nextInt(3)) + "</AudienceCodeValue></Audience>"
                + "</DescriptiveDetail>"
                + "<CollateralDetail><TextContent><TextType>03</TextType><Text>Kertomus, jossa " + WORDS[random.nextInt(WORDS.length)]
                + " ja " + WORDS[random.nextInt(WORDS.length)] + " kohtaavat.</Text></TextContent></CollateralDetail>"
                + "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>Kustantamo " + random.nextInt(50)
                + "</PublisherName></Publisher><PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>20" + (10 + random.nextInt(16))
                + "0" + (1 + random.nextInt(9)) + "15</Date></PublishingDate></PublishingDetail></Product>\n";
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A valid ISBN-13 in the 979-12 range (random, so runs against one database rarely meet). */
    static String isbn(Random random) {
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

    /** Wraps single-product fixtures into one ONIXMessage. */
    public static String message(String... products) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ONIXMessage release=\"3.0\">\n<Header><Sender><SenderName>Testi</SenderName></Sender></Header>\n");
        for (String p : products) {
            s.append(p.replaceFirst("^<\\?xml[^>]*>", "")).append('\n');
        }
        return s.append("</ONIXMessage>\n").toString();
    }

    /** Writes a generated file: {@code java ... OnixGenerator out.xml 100000}. */
    public static void main(String[] args) throws IOException {
        Mix mix = write(Path.of(args[0]), Integer.parseInt(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 1L);
        System.out.println("wrote " + mix.total() + " products to " + args[0] + ": " + mix);
    }
}
