package fi.lainaamo.web.reader;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChapterHtmlTest {

    private static final String PREFIX = "/v1/publications/0b5c3f7e-1111-2222-3333-444455556666/content/signed/1900000000/abc/";
    private static final List<String> ORDER = List.of(PREFIX + "EPUB/text/chapter-1.xhtml", PREFIX + "EPUB/text/chapter-2.xhtml");

    @Test
    void keepsTheTextAndDropsEverythingThatRuns() {
        String xhtml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title><script>alert(1)</script>
                <link rel="stylesheet" href="../style.css"/></head>
                <body onload="alert(2)"><h1 id="c1" style="color:red">Ensimmäinen luku</h1>
                <p onclick="alert(3)">Jukolan talo <em>eteläisessä</em> Hämeessä.</p>
                <script>alert(4)</script><iframe src="https://evil.example/"></iframe>
                <img src="x.png" onerror="alert(5)" alt="Kuva talosta"/>
                <form action="https://evil.example/"><input name="pin"/></form>
                <p><a href="javascript:alert(6)">pois</a> <a href="chapter-2.xhtml#s1">seuraava</a>
                <a href="https://kirjasto.example/">kirjasto</a></p>
                <svg><script>alert(7)</script></svg><object data="x.swf"></object></body></html>
                """;
        String clean = ChapterHtml.clean(xhtml, ORDER.get(0), ORDER, "/read/loan-1");
        assertTrue(clean.contains("<h1>Ensimmäinen luku</h1>"), clean);
        assertTrue(clean.contains("Jukolan talo <em>eteläisessä</em> Hämeessä."), clean);
        assertTrue(clean.contains("Kuva talosta"), clean);
        assertTrue(clean.contains("<a href=\"/read/loan-1?chapter=1\">seuraava</a>"), clean);
        assertTrue(clean.contains("href=\"https://kirjasto.example/\""), clean);
        for (String gone : List.of("script", "alert", "onload", "onclick", "onerror", "iframe", "style", "<img", "<form",
                "<input", "javascript:", "<object", "<svg", "evil.example")) {
            assertFalse(clean.contains(gone), gone + " in " + clean);
        }
    }
}
