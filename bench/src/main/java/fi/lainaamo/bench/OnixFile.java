package fi.lainaamo.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes an ONIX 3.0 message of generated but realistic Finnish, Swedish and English e-books and audiobooks, for
 * the import and search workloads. The same seed gives the same file.
 */
final class OnixFile {

    static final List<String> FI_WORDS = List.of("kirjasto", "talvi", "meri", "metsä", "kesä", "yö", "sydän", "tie", "saari",
            "lumi", "järvi", "koti", "valo", "varjo", "tuuli", "kaupunki", "isä", "äiti", "sisar", "veli", "kevät", "syksy",
            "laulu", "tarina", "unelma", "muisto", "kivi", "joki", "taivas", "aamu", "ilta", "kirje", "salaisuus", "matka");
    static final List<String> SV_WORDS = List.of("biblioteket", "vintern", "havet", "skogen", "sommaren", "natten", "hjärtat",
            "vägen", "ön", "snön", "sjön", "hemmet", "ljuset", "skuggan", "vinden", "staden", "fadern", "modern", "systern",
            "brodern", "våren", "hösten", "sången", "berättelsen", "drömmen", "minnet", "stenen", "älven", "himlen", "morgonen");
    static final List<String> EN_WORDS = List.of("library", "winter", "sea", "forest", "summer", "night", "heart", "road",
            "island", "snow", "lake", "home", "light", "shadow", "wind", "city", "father", "mother", "sister", "brother",
            "spring", "autumn", "song", "story", "dream", "memory", "stone", "river", "sky", "morning", "letter", "journey");
    static final List<String> FIRST = List.of("Aino", "Eino", "Helmi", "Väinö", "Kaarina", "Juhani", "Leena", "Matti", "Sofia",
            "Elsa", "Ulla-Lena", "Märta", "Johan", "Karin", "Henrik", "Emma", "Oliver", "Saara", "Tuomas", "Riikka", "Annika");
    static final List<String> LAST = List.of("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
            "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Backman", "Sjöberg", "Holmström", "Westerlund", "Smith", "Jones",
            "Lehtonen", "Saarinen", "Salminen", "Lundberg", "Jansson", "Tuominen", "Rantanen");

    private OnixFile() {
    }

    static void write(Path file, int products, long seed) throws IOException {
        Random random = new Random(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ONIXMessage release=\"3.0\" xmlns=\"http://ns.editeur.org/onix/3.0/reference\">\n");
            out.write("<Header><Sender><SenderName>Lainaamo bench</SenderName></Sender><SentDateTime>20261125</SentDateTime></Header>\n");
            for (int i = 0; i < products; i++) {
                int lang = random.nextInt(10); // 6 fi, 3 sv, 1 en
                String language = lang < 6 ? "fin" : lang < 9 ? "swe" : "eng";
                List<String> words = lang < 6 ? FI_WORDS : lang < 9 ? SV_WORDS : EN_WORDS;
                String title = capitalize(words.get(random.nextInt(words.size()))) + " "
                        + words.get(random.nextInt(words.size())) + (random.nextBoolean() ? " " + words.get(random.nextInt(words.size())) : "");
                String author = FIRST.get(random.nextInt(FIRST.size())) + " " + LAST.get(random.nextInt(LAST.size()));
                boolean audio = random.nextInt(4) == 0;
                String isbn = isbn(seed, i);
                out.write("<Product><RecordReference>bench-" + isbn + "</RecordReference><NotificationType>03</NotificationType>"
                        + "<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>" + isbn + "</IDValue></ProductIdentifier>"
                        + "<DescriptiveDetail><ProductComposition>00</ProductComposition>"
                        + (audio ? "<ProductForm>AJ</ProductForm><ProductFormDetail>A103</ProductFormDetail>"
                                 : "<ProductForm>ED</ProductForm><ProductFormDetail>E101</ProductFormDetail>")
                        + "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel><TitleText>"
                        + title + "</TitleText></TitleElement></TitleDetail>"
                        + "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole><PersonName>" + author
                        + "</PersonName></Contributor>"
                        + "<Language><LanguageRole>01</LanguageRole><LanguageCode>" + language + "</LanguageCode></Language>"
                        + "<Subject><SubjectSchemeIdentifier>20</SubjectSchemeIdentifier><SubjectHeadingText>"
                        + words.get(random.nextInt(words.size())) + "</SubjectHeadingText></Subject>"
                        + "<Audience><AudienceCodeType>01</AudienceCodeType><AudienceCodeValue>0" + (1 + random.nextInt(3)) + "</AudienceCodeValue></Audience>"
                        + "</DescriptiveDetail>"
                        + "<CollateralDetail><TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text>"
                        + "Tarina " + words.get(random.nextInt(words.size())) + " ja " + words.get(random.nextInt(words.size())) + ".</Text></TextContent></CollateralDetail>"
                        + "<PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>Kustannus " + LAST.get(random.nextInt(LAST.size()))
                        + "</PublisherName></Publisher><PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>20" + (10 + random.nextInt(16))
                        + "0" + (1 + random.nextInt(9)) + "15</Date></PublishingDate></PublishingDetail></Product>\n");
            }
            out.write("</ONIXMessage>\n");
        }
    }

    /** Words the search workload asks for, in the languages the file holds. */
    static List<String> queryWords() {
        return List.of("kirjasto", "talvi", "meri", "metsä", "havet", "vintern", "library", "winter", "Virtanen", "Lindqvist");
    }

    /**
     * The query words with one typing error each (a letter left out, changed or added), as a patron mistypes them:
     * none of them is a word of the generated catalogue, so search answers them by trigram similarity.
     */
    static List<String> typoWords() {
        return List.of("kirjastp", "talbi", "merj", "mesä", "havrt", "vinterb", "libary", "wimter", "Virtamen", "Lindqvst");
    }

    /** The language (ISO 639-2/B) a query word belongs to; the surnames go with the language their bearers mostly write in. */
    static String languageOf(String word) {
        if (SV_WORDS.contains(word) || "Lindqvist".equals(word)) {
            return "swe";
        }
        return EN_WORDS.contains(word) ? "eng" : "fin";
    }

    static String isbn(long seed, int i) {
        String base = String.format("979%09d", (seed * 7919 + i) % 1_000_000_000L);
        int sum = 0;
        for (int k = 0; k < 12; k++) {
            sum += (base.charAt(k) - '0') * (k % 2 == 0 ? 1 : 3);
        }
        return base + ((10 - sum % 10) % 10);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
