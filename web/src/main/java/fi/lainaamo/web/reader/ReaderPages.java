package fi.lainaamo.web.reader;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in reader, {@code /read/{loanId}}: for a loan of our own content, the book's table of contents and one
 * chapter at a time, cleaned into the page ({@link ChapterHtml}), previous/next, a font size (A−/A+) and the last
 * chapter read per loan; an audiobook's tracks as audio elements; a distributor's (LCP) title "Open in your reading
 * app" with its licence link.
 *
 * <p>Both the font size and the position are cookies of this browser, not the session: they are about this screen
 * (a phone and a desktop may want different sizes), survive signing out and in again, and need nothing stored on the
 * server. The position cookie keeps the last {@link #POSITIONS} loans as {@code loanId.chapter} pairs.
 */
@Path("/read")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ReaderPages {

    public static final String FONT_COOKIE = "lainaamo-reader-font";
    public static final String POSITION_COOKIE = "lainaamo-reader-position";
    static final List<Integer> FONT_SIZES = List.of(80, 90, 100, 115, 130, 150, 175, 200);
    static final int POSITIONS = 20;

    @Inject
    Visit visit;
    @Inject
    Books books;
    @Inject
    Template reader;
    @Inject
    HttpServerRequest request;
    @ConfigProperty(name = "lainaamo.web.secure-cookies", defaultValue = "true")
    boolean secureCookies;

    @TemplateData
    public record Entry(String title, String href, boolean current, List<Entry> children) {
    }

    @TemplateData
    public record Track(String title, String href, String duration) {
    }

    @GET
    @Path("{loanId}")
    public Response read(@PathParam("loanId") UUID loanId, @QueryParam("chapter") Integer chapter) {
        Map<String, String> m = visit.m();
        Books.Opened opened = books.open(visit, loanId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("m", m);
        data.put("loanId", loanId.toString());
        if (opened instanceof Books.Refused refused) {
            return page(m.get("reader_title"), data, "refused", Map.of("reasons",
                    refused.reasons().isEmpty() ? List.of(m.get("reader_cannot_open")) : refused.reasons()),
                    refused.status() >= 500 ? 503 : 409);
        }
        if (opened instanceof Books.ForApp app) {
            return page(m.get("reader_in_app_title"), data, "app", Map.of("explanation",
                    m.get(app.lcp() ? "reader_in_app_explanation" : "reader_in_app_file")), 200);
        }
        if (opened instanceof Books.Audiobook audio) {
            return page(audio.manifest().path("metadata").path("title").asText(m.get("reader_title")),
                    data, "audio", Map.of("tracks", tracks(audio.manifest())), 200);
        }
        return book(loanId, (Books.Book) opened, chapter, data);
    }

    private Response book(UUID loanId, Books.Book book, Integer asked, Map<String, Object> data) {
        List<String> order = new ArrayList<>();
        book.manifest().path("readingOrder").forEach(item -> order.add(item.path("href").asText()));
        if (order.isEmpty()) {
            return page(book.title(), data, "refused", Map.of("reasons", List.of(visit.m().get("reader_cannot_open"))), 409);
        }
        int chapter = asked != null ? asked : remembered(loanId);
        chapter = Math.max(0, Math.min(order.size() - 1, chapter));
        String readerPath = "/read/" + loanId;
        String html = ChapterHtml.clean(books.chapter(order.get(chapter)), order.get(chapter), order, readerPath);
        remember(loanId, chapter);
        JsonNode toc = book.manifest().path("toc");
        List<Entry> contents = toc.isArray() && !toc.isEmpty() ? entries(toc, order, readerPath, chapter)
                : entries(book.manifest().path("readingOrder"), order, readerPath, chapter);
        String chapterTitle = book.manifest().path("readingOrder").path(chapter).path("title").asText("");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("contents", contents);
        extra.put("chapterHtml", html);
        extra.put("chapter", chapter);
        extra.put("chapterNumber", visit.text("reader_chapter_of", chapter + 1, order.size()));
        extra.put("chapterTitle", chapterTitle);
        extra.put("previous", chapter > 0 ? readerPath + "?chapter=" + (chapter - 1) : null);
        extra.put("next", chapter < order.size() - 1 ? readerPath + "?chapter=" + (chapter + 1) : null);
        extra.put("fontSize", fontSize());
        extra.put("smaller", fontSize() > FONT_SIZES.get(0));
        extra.put("bigger", fontSize() < FONT_SIZES.get(FONT_SIZES.size() - 1));
        extra.put("bookLanguage", book.language());
        return page(book.title(), data, "book", extra, 200);
    }

    /** A− / A+: the next size down or up, kept in this browser for a year; back to the same chapter. */
    @POST
    @Path("{loanId}/font")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response font(@PathParam("loanId") UUID loanId, @FormParam("size") String size, @FormParam("chapter") Integer chapter) {
        int index = FONT_SIZES.indexOf(fontSize());
        index = "bigger".equals(size) ? Math.min(FONT_SIZES.size() - 1, index + 1) : "smaller".equals(size) ? Math.max(0, index - 1) : index;
        request.response().addCookie(cookie(FONT_COOKIE, String.valueOf(FONT_SIZES.get(index))));
        return Response.seeOther(URI.create("/read/" + loanId + (chapter == null ? "" : "?chapter=" + Math.max(0, chapter)))).build();
    }

    private Response page(String title, Map<String, Object> data, String mode, Map<String, Object> extra, int status) {
        var instance = reader.data("frame", visit.frame(title)).data("mode", mode).data("bookTitle", title);
        for (Map.Entry<String, Object> e : data.entrySet()) {
            instance = instance.data(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            instance = instance.data(e.getKey(), e.getValue());
        }
        return Response.status(status).entity(instance).build();
    }

    private static List<Entry> entries(JsonNode links, List<String> order, String readerPath, int current) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode link : links) {
            String href = link.path("href").asText();
            int hash = href.indexOf('#');
            String path = hash < 0 ? href : href.substring(0, hash);
            int index = order.indexOf(path);
            List<Entry> children = link.has("children") ? entries(link.path("children"), order, readerPath, current) : List.of();
            entries.add(new Entry(link.path("title").asText(href), index < 0 ? null : readerPath + "?chapter=" + index,
                    index == current, children));
        }
        return entries;
    }

    private List<Track> tracks(JsonNode manifest) {
        List<Track> tracks = new ArrayList<>();
        int n = 0;
        for (JsonNode item : manifest.path("readingOrder")) {
            n++;
            String href = item.path("href").asText();
            if (!href.startsWith("https://") && !href.startsWith("http://")) {
                continue;
            }
            long seconds = item.path("duration").asLong(0);
            tracks.add(new Track(item.path("title").asText(visit.text("reader_track", n)), href,
                    seconds > 0 ? String.format("%d:%02d", seconds / 60, seconds % 60) : ""));
        }
        return tracks;
    }

    int fontSize() {
        Cookie cookie = request.getCookie(FONT_COOKIE);
        try {
            int size = cookie == null ? 100 : Integer.parseInt(cookie.getValue());
            return FONT_SIZES.contains(size) ? size : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The chapter last opened of this loan in this browser (0 when none). */
    int remembered(UUID loanId) {
        for (String[] pair : positions()) {
            if (pair[0].equals(loanId.toString())) {
                return Integer.parseInt(pair[1]);
            }
        }
        return 0;
    }

    private void remember(UUID loanId, int chapter) {
        List<String> kept = new ArrayList<>();
        kept.add(loanId + "." + chapter);
        for (String[] pair : positions()) {
            if (!pair[0].equals(loanId.toString()) && kept.size() < POSITIONS) {
                kept.add(pair[0] + "." + pair[1]);
            }
        }
        request.response().addCookie(cookie(POSITION_COOKIE, String.join("_", kept)));
    }

    private List<String[]> positions() {
        Cookie cookie = request.getCookie(POSITION_COOKIE);
        List<String[]> pairs = new ArrayList<>();
        if (cookie == null) {
            return pairs;
        }
        for (String pair : cookie.getValue().split("_")) {
            String[] parts = pair.split("\\.");
            if (parts.length == 2 && parts[0].matches("[0-9a-f-]{36}") && parts[1].matches("\\d{1,5}")) {
                pairs.add(parts);
            }
        }
        return pairs;
    }

    private Cookie cookie(String name, String value) {
        return Cookie.cookie(name, value).setPath("/read").setHttpOnly(true).setSecure(secureCookies)
                .setSameSite(CookieSameSite.LAX).setMaxAge(365L * 24 * 3600);
    }
}
