package fi.lainaamo.devinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, valid EPUB 3 files for the demo titles that have no distributor, made when the launcher starts (nothing is
 * checked in but this text): the mimetype entry first and stored, META-INF/container.xml, a package document with
 * identifier, title and language, a navigation document, a stylesheet and three XHTML chapters. The chapters are
 * short passages written for Lainaamo in the manner of the 19th-century classics, not the classics themselves.
 * The same arguments always give the same bytes (fixed timestamps), so an upload of an unchanged demo is a no-op.
 */
public final class DemoEpubs {

    /** The media type of an EPUB, which is also the exact content of its mimetype entry. */
    public static final String MEDIA_TYPE = "application/epub+zip";

    /** One demo e-book: the ISBN of the DemoData title it belongs to (its publication id derives from it), and the file. */
    public record DemoEpub(String isbn, String title, String language, String fileName, byte[] epub) {
    }

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    private DemoEpubs() {
    }

    /**
     * The demo set for DemoData's titles: Seitsemän veljestä, Rautatie and Kalevala in Finnish, Fänrik Ståls sägner
     * in Swedish. The launcher uploads each one to {@code PUT /v1/publications/{id}/content}, where the id is
     * {@code PublicationIds.fromIdentifier(isbn)}.
     */
    public static List<DemoEpub> demo() {
        return List.of(
                demo("9789510000019", "Seitsemän veljestä", "fi", "seitseman-veljesta.epub", SEITSEMAN_VELJESTA),
                demo("9789510000033", "Rautatie", "fi", "rautatie.epub", RAUTATIE),
                demo("9789510000026", "Kalevala", "fi", "kalevala.epub", KALEVALA),
                demo("9789510000088", "Fänrik Ståls sägner", "sv", "fanrik-stals-sagner.epub", FANRIK_STAL));
    }

    /** Writes the demo set into {@code directory} and returns the files, in the order of {@link #demo()}. */
    public static List<Path> write(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (DemoEpub book : demo()) {
            files.add(Files.write(directory.resolve(book.fileName()), book.epub()));
        }
        return files;
    }

    /** {@code java -cp dev-infra/target/classes fi.lainaamo.devinfra.DemoEpubs /tmp/epubs} writes the demo set there. */
    public static void main(String[] args) throws IOException {
        for (Path file : write(Path.of(args.length > 0 ? args[0] : "target/demo-epubs"))) {
            System.out.println(file + " (" + Files.size(file) + " bytes)");
        }
    }

    /**
     * An EPUB 3 of these chapters. Each chapter is its heading, a blank line, then paragraphs separated by blank lines;
     * a single line break inside a paragraph stays a line break (verse). {@code language} is a BCP 47 tag such as
     * {@code fi} or {@code sv}; {@code identifier} a URN such as {@code urn:isbn:9789510000019}.
     */
    public static byte[] epub(String title, String language, String identifier, List<String> chapters) {
        if (chapters.isEmpty()) {
            throw new IllegalArgumentException("an EPUB needs at least one chapter");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            // reading systems recognise an EPUB by this entry: first, uncompressed, no extra field
            byte[] mimetype = MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(mimetype.length);
            first.setCompressedSize(mimetype.length);
            CRC32 crc = new CRC32();
            crc.update(mimetype);
            first.setCrc(crc.getValue());
            put(zip, first, mimetype);
            put(zip, "META-INF/container.xml", container());
            put(zip, "EPUB/package.opf", packageDocument(title, language, identifier, chapters));
            put(zip, "EPUB/nav.xhtml", navigation(title, language, chapters));
            put(zip, "EPUB/style.css", STYLE);
            for (int i = 0; i < chapters.size(); i++) {
                put(zip, "EPUB/text/" + chapterFile(i), chapter(language, chapters.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DemoEpub demo(String isbn, String title, String language, String fileName, List<String> chapters) {
        String isbn13 = DemoData.isbn13(isbn);
        return new DemoEpub(isbn13, title, language, fileName, epub(title, language, "urn:isbn:" + isbn13, chapters));
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        put(zip, new ZipEntry(name), text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(ZipOutputStream zip, ZipEntry entry, byte[] content) throws IOException {
        entry.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static String chapterFile(int index) {
        return "chapter-" + (index + 1) + ".xhtml";
    }

    private static String heading(String chapter) {
        return chapter.strip().split("\n", 2)[0].strip();
    }

    private static String container() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                  <rootfiles>
                    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
                  </rootfiles>
                </container>
                """;
    }

    private static String packageDocument(String title, String language, String identifier, List<String> chapters) {
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder();
        for (int i = 0; i < chapters.size(); i++) {
            manifest.append("    <item id=\"chapter-").append(i + 1).append("\" href=\"text/").append(chapterFile(i))
                    .append("\" media-type=\"application/xhtml+xml\"/>\n");
            spine.append("    <itemref idref=\"chapter-").append(i + 1).append("\"/>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="publication-id" xml:lang="%2$s">
                  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                    <dc:identifier id="publication-id">%3$s</dc:identifier>
                    <dc:title>%1$s</dc:title>
                    <dc:language>%2$s</dc:language>
                    <dc:publisher>Lainaamo (demo)</dc:publisher>
                    <meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>
                  </metadata>
                  <manifest>
                    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                    <item id="style" href="style.css" media-type="text/css"/>
                %4$s  </manifest>
                  <spine>
                %5$s  </spine>
                </package>
                """.formatted(xml(title), xml(language), xml(identifier), manifest, spine);
    }

    private static String navigation(String title, String language, List<String> chapters) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < chapters.size(); i++) {
            items.append("        <li><a href=\"text/").append(chapterFile(i)).append("\">")
                    .append(xml(heading(chapters.get(i)))).append("</a></li>\n");
        }
        String contents = switch (language) {
            case "fi" -> "Sisällys";
            case "sv" -> "Innehåll";
            default -> "Contents";
        };
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="%2$s" lang="%2$s">
                  <head>
                    <meta charset="UTF-8"/>
                    <title>%1$s</title>
                    <link rel="stylesheet" type="text/css" href="style.css"/>
                  </head>
                  <body>
                    <nav epub:type="toc" id="toc">
                      <h1>%3$s</h1>
                      <ol>
                %4$s      </ol>
                    </nav>
                  </body>
                </html>
                """.formatted(xml(title), xml(language), contents, items);
    }

    private static String chapter(String language, String chapter) {
        String[] parts = chapter.strip().split("\n\\s*\n");
        StringBuilder body = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String paragraph = parts[i].strip().lines().map(line -> xml(line.strip())).reduce((a, b) -> a + "<br/>\n      " + b).orElse("");
            body.append("    <p>").append(paragraph).append("</p>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="%2$s" lang="%2$s">
                  <head>
                    <meta charset="UTF-8"/>
                    <title>%1$s</title>
                    <link rel="stylesheet" type="text/css" href="../style.css"/>
                  </head>
                  <body>
                    <section epub:type="chapter">
                    <h1>%1$s</h1>
                %3$s    </section>
                  </body>
                </html>
                """.formatted(xml(heading(chapter)), xml(language), body);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font-family: Georgia, serif; line-height: 1.5; margin: 1em 2em; }
            h1 { font-size: 1.4em; margin: 1.5em 0 1em; }
            p { text-indent: 1.5em; margin: 0 0 0.4em; }
            """;

    private static final List<String> SEITSEMAN_VELJESTA = List.of("""
            Ensimmäinen luku: Jukolan pihalla

            Oli syksyinen aamu, ja sumu lepäsi vielä niittyjen yllä, kun veljekset astuivat ulos tuvasta. Kaste \
            kimalteli pihanurmella, ja kaukaa metsän laidasta kuului tikan nakutus.

            Juhani, vanhin heistä, seisahtui kaivon viereen ja katseli pitkään kohti kirkonkylää. – Tänään on tehtävä \
            päätös, hän sanoi vakavasti, – sillä näin emme voi elää loppuun saakka.

            Aapo nyökkäsi ja veti lakin syvemmälle päähänsä. – Puhut viisaasti, veli. Mutta viisaus ilman työtä on kuin \
            kirves ilman vartta.

            Nuorin veljeksistä, Eero, naurahti hiljaa aidan vieressä, ja hänen silmissään välkkyi veitikka.
            """, """
            Toinen luku: Lukkarin tuvassa

            Kirkonkylän lukkari oli ankara mies, jonka parta oli harmaa kuin talvinen sammal. Hänen tuvassaan istui \
            rivissä pienempiä lapsia, jotka tavasivat aapistaan ääneen.

            Veljekset astuivat sisään raskain askelin, ja lukkari kohotti katseensa kirjasta. – Vai niin, hän sanoi, \
            – tulette siis vihdoinkin oppimaan lukemaan.

            Tuomas, vahva ja harvasanainen, istuutui penkille niin että se narahti. Timo katseli hämmästyneenä seinällä \
            riippuvaa karttaa ja kysyi, missä päin maailmaa Hämeenlinna oikein olikaan.

            Päivä kului verkkaisesti. Kirjaimet tanssivat veljesten silmissä kuin hyttyset kesäillan järvellä, eikä \
            yksikään niistä suostunut pysymään paikallaan.
            """, """
            Kolmas luku: Impivaaran korpeen

            Kun kevät koitti, veljekset kokosivat kirveensä, pyssynsä ja leipäpussinsa ja lähtivät kohti Impivaaran \
            mäkeä, jossa metsä oli sakea ja järvi kirkas.

            He rakensivat tuvan hongista, jotka he itse kaatoivat, ja uunin kivistä, jotka he nostivat purosta. Illalla \
            savu nousi suorana taivaalle, ja Simeoni luki rukouksen ennen ateriaa.

            – Täällä olemme vapaita, sanoi Juhani, ja hänen äänensä kaikui korpeen. – Täällä ei meitä kukaan komentele.

            Lauri ei vastannut mitään. Hän istui kiven päällä ja katseli, kuinka kuu nousi kuusten takaa, hiljaisena ja \
            ihmeellisenä kuin vanha satu.
            """);

    private static final List<String> RAUTATIE = List.of("""
            Ensimmäinen luku: Uutinen pappilasta

            Matti palasi kirkolta myöhään iltapäivällä, ja hänen kasvoillaan oli outo, mietteliäs ilme. Liisa seisoi \
            tuvan ovella ja pyyhki käsiään esiliinaansa.

            – Mitä sinä noin tuijotat, kysyi Liisa. – Onko joku kuollut, vai saarnasiko rovasti tavallista pitempään?

            – Ei kumpaakaan, vastasi Matti ja istuutui penkille. – Mutta pappilan renki kertoi, että etelään on \
            rakennettu rautatie, jota myöten vaunut kulkevat ilman hevosta.

            Liisa puisti päätään eikä uskonut sanaakaan. Kuka nyt ilman hevosta kulkisi, ellei sitten itse vihtahousu \
            vetäisi.
            """, """
            Toinen luku: Matkalle

            Koko talven Matti mietti rautatietä. Hän mietti sitä halkoja hakatessaan ja verkkoja paikatessaan, ja yöllä \
            hän näki unta pitkästä, mustasta käärmeestä, joka savusi ja vihelsi.

            Kun kelirikko vihdoin oli ohi, hän sanoi Liisalle, että nyt lähdetään katsomaan. Liisa pani eväät konttiin: \
            leipää, voita ja kuivattua kalaa, sillä matka oli pitkä ja maailma outo.

            He kulkivat halki soiden ja yli harjujen, ja jokaisessa talossa kysyttiin, minne he olivat menossa. \
            – Rautatietä katsomaan, vastasi Matti ylpeänä, eikä kukaan tiennyt, pitäisikö nauraa vai ihmetellä.
            """, """
            Kolmas luku: Asemalla

            Asema oli punaiseksi maalattu rakennus, jonka edessä kulki kaksi kiiltävää rautakiskoa niin kauas kuin silmä \
            kantoi. Matti kumartui ja kosketti kiskoa varovasti sormellaan.

            Silloin kuului kaukaa vihellys. Liisa tarttui miehensä käsivarteen, ja maa alkoi täristä heidän jalkojensa \
            alla.

            Juna tuli kuin myrsky, höyryä ja kipinöitä pursuten, ja pysähtyi aseman eteen puuskuttaen kuin väsynyt \
            härkä. Matti seisoi hiljaa lakki kädessään eikä saanut sanaa suustaan.

            – No, sanoi Liisa viimein, – nyt se on nähty. Mennään kotiin ennen kuin lehmät unohtavat meidät.
            """);

    private static final List<String> KALEVALA = List.of("""
            Ensimmäinen runo: Laulajan alku

            Nyt on ilta istuttava,
            virsi vanha virkettävä,
            tulen ääressä tupasen,
            pirtin hämärän perällä.

            Kuulkaa, kylän kullat lapset,
            nuoret neiot, vanhat miehet,
            kuinka syntyi suuri sampo,
            miten kirjokansi tehtiin.
            """, """
            Toinen runo: Sepon paja

            Seppo seisoi pajassansa,
            takoi tulta, lietsoi liekkiä,
            palkeet puhui puuskutellen,
            vasara löi vaskilevyyn.

            Päivän takoi, toisen takoi,
            kolmannen jo kuun valossa,
            kunnes ahjosta ylentyi
            kirjokansi kirkkahana.
            """, """
            Kolmas runo: Pohjolan tie

            Lähti veikko vesille,
            meloi halki meren selän,
            tuuli vinkui veneen vieriä,
            aalto ahtoi airon alta.

            Saapui rantahan Pohjolan,
            synkän saaren sammalisen,
            missä kuusi kuuta kätki,
            missä honka päivän peitti.

            Siitä virsi vielä jatkuu,
            siitä laulu laajenevi,
            kun on ilta uusi tullut,
            tuli tuikkii taas tuvassa.
            """);

    private static final List<String> FANRIK_STAL = List.of("""
            Första kapitlet: Fänriken vid brasan

            Det var en vinterkväll i en liten stuga vid sjön, och elden sprakade i den öppna spisen. Den gamle \
            fänriken satt i sin länstol med pipan i handen och såg länge in i lågorna.

            – Ni vill höra om kriget, sade han till slut, och hans röst var låg men stadig. – Då skall ni få höra om \
            männen som stod kvar när vinden var som kallast.

            Ungdomarna drog sina stolar närmare, och ingen vågade säga ett ord.
            """, """
            Andra kapitlet: Soldaten från Savolax

            Han var en enkel man från skogarna i Savolax, med händer grova som bark och ett leende som aldrig riktigt \
            slocknade.

            Vid bron över ån stod han ensam en hel eftermiddag, medan fienden kom allt närmare genom snön. Han visste \
            att han inte kunde vinna, men han visste också att han inte fick vika.

            När kvällen föll var bron ännu i våra händer, och soldaten satt vid vägkanten och delade sitt bröd med en \
            sårad kamrat, som om ingenting särskilt hade hänt.
            """, """
            Tredje kapitlet: Hemåt

            Om våren gick de som överlevt hem genom de tysta byarna. Björkarna stod ljusa vid vägen, och i dikena \
            porlade smältvattnet.

            Fänriken tystnade och lade en ny vedklabbe på elden. – Så var det, sade han. – Inte stora ord, bara \
            människor som gjorde vad de måste.

            Ute föll snön mjukt över sjön, och i stugan var det länge alldeles stilla.
            """);
}
