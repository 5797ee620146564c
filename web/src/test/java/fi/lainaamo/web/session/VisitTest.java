package fi.lainaamo.web.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VisitTest {

    @Test
    void theBrowsersLanguageWhenWeHaveIt() {
        assertEquals("sv", Visit.fromBrowser("sv-FI,sv;q=0.9,en;q=0.8").getLanguage());
        assertEquals("en", Visit.fromBrowser("de-DE,de;q=0.9,en-GB;q=0.5").getLanguage());
        assertEquals("fi", Visit.fromBrowser("fi").getLanguage());
        assertEquals("fi", Visit.fromBrowser("de").getLanguage());
        assertEquals("fi", Visit.fromBrowser(null).getLanguage());
        assertEquals("fi", Visit.fromBrowser(";;q=x").getLanguage());
    }

    @Test
    void comesBackOnlyToThisSite() {
        assertEquals("/titles/1?done=x", Visit.safeBack("/titles/1?done=x", "/"));
        assertEquals("/", Visit.safeBack("//evil.example/", "/"));
        assertEquals("/", Visit.safeBack("https://evil.example/", "/"));
        assertEquals("/", Visit.safeBack("/\\evil.example", "/"));
        assertEquals("/shelf", Visit.safeBack(null, "/shelf"));
    }
}
