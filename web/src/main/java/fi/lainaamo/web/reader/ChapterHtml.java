package fi.lainaamo.web.reader;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

import java.net.URI;
import java.util.List;

/**
 * A chapter of a book, made safe to put into the reader's page. The EPUB's XHTML is untrusted (a library uploads it,
 * a distributor made it), so only an allow-list survives: text structure (headings, paragraphs, lists, tables,
 * emphasis, quotes, line breaks) and links. Scripts, event handler attributes, styles, forms, iframes, objects and
 * anything unknown are dropped; images become their alt text (their files are not fetched through the app yet).
 * Links to another chapter of the same book become the reader's own chapter links; http(s) links stay; others go.
 *
 * <p>Why in the page rather than in a sandboxed iframe: one document keeps the app's Content-Security-Policy (self
 * scripts only, no framing), its styles and the reader's font size, one reading order for screen readers and one
 * page for axe; an iframe would need catalog-service's origin in frame-src and the chapter's own styles.
 */
public final class ChapterHtml {

    private static final String BASE = "http://reader.invalid";

    private static final Safelist SAFE = Safelist.relaxed()
            .removeTags("img")
            .addAttributes(":all", "lang", "dir")
            .addProtocols("a", "href", "http", "https")
            .preserveRelativeLinks(true);

    private ChapterHtml() {
    }

    /**
     * The chapter's body, cleaned. {@code chapterHref} is its signed href from the manifest (site-relative, so its
     * own relative links resolve against it); {@code readingOrder} the manifest's hrefs in order; {@code readerPath}
     * e.g. {@code /read/{loanId}} (the chapter links become {@code readerPath?chapter=n}).
     */
    public static String clean(String xhtml, String chapterHref, List<String> readingOrder, String readerPath) {
        String base = BASE + chapterHref;
        Document doc = Jsoup.parse(xhtml, base, Parser.xmlParser());
        Element body = doc.selectFirst("body");
        Element content = body != null ? body : doc;
        for (Element img : content.select("img")) {
            img.replaceWith(new TextNode(img.attr("alt")));
        }
        for (Element link : content.select("a[href]")) {
            String target = link.attr("href");
            if (target.startsWith("http://") || target.startsWith("https://")) {
                link.attr("rel", "noopener noreferrer");
                continue;
            }
            String absolute = link.absUrl("href");
            String path = absolute.startsWith(BASE) ? withoutFragment(absolute.substring(BASE.length())) : "";
            int chapter = indexOf(readingOrder, path);
            if (chapter >= 0) {
                link.attr("href", readerPath + "?chapter=" + chapter);
            } else {
                link.unwrap();
            }
        }
        return Jsoup.clean(content.html(), BASE + "/", SAFE, new Document.OutputSettings().prettyPrint(false));
    }

    private static int indexOf(List<String> readingOrder, String path) {
        for (int i = 0; i < readingOrder.size(); i++) {
            if (withoutFragment(URI.create(readingOrder.get(i)).getRawPath()).equals(path)) {
                return i;
            }
        }
        return -1;
    }

    private static String withoutFragment(String href) {
        int hash = href.indexOf('#');
        String path = hash < 0 ? href : href.substring(0, hash);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
