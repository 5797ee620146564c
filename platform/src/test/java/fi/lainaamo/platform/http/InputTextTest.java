package fi.lainaamo.platform.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which text a request may carry, and where a JSON document carries what it may not. */
class InputTextTest {

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedTabsLineBreaksAndEmojiAreNot() {
        assertTrue(InputText.acceptable("Seitsemän veljestä\tosa 1\r\nÅbo 📚"));
        assertFalse(InputText.acceptable("abc\u0000def"));
        assertFalse(InputText.acceptable("bell\u0007"));
        assertFalse(InputText.acceptable("\u001f"));
        assertFalse(InputText.acceptable("lone \ud800 high"));
        assertFalse(InputText.acceptable("lone \udc00 low"));
        assertFalse(InputText.acceptable("ends high \ud83d"));
        assertEquals(3, InputText.firstRefused("abc\u0000"));
    }

    @Test
    void urlComponentsAreDecodedStrictlyAsUtf8() {
        assertEquals(Optional.of("Anna Liisa"), InputText.decodeUrlComponent("Anna+Liisa", true));
        assertEquals(Optional.of("Anna+Liisa"), InputText.decodeUrlComponent("Anna+Liisa", false));
        assertEquals(Optional.of("Åbo 100%"), InputText.decodeUrlComponent("%C3%85bo%20100%25", true));
        assertEquals(Optional.of("abc\u0000def"), InputText.decodeUrlComponent("abc%00def", true));
        assertEquals(Optional.empty(), InputText.decodeUrlComponent("%FF", true), "not UTF-8");
        assertEquals(Optional.empty(), InputText.decodeUrlComponent("%ED%A0%80", true), "an encoded surrogate");
        assertEquals(Optional.empty(), InputText.decodeUrlComponent("100%", true), "a broken escape");
        assertEquals(Optional.empty(), InputText.decodeUrlComponent("%G1", true), "a broken escape");
    }

    @Test
    void bytesThatAreNotUtf8AreNotText() {
        byte[] latin1 = "Åbo".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.empty(), InputText.utf8(latin1, 0, latin1.length));
        byte[] utf8 = "Åbo".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("Åbo"), InputText.utf8(utf8, 0, utf8.length));
        assertEquals(Optional.of("Åbo"), InputText.text(latin1, "ISO-8859-1"), "as the request declared");
        assertEquals(Optional.empty(), InputText.text(latin1, null), "UTF-8 unless declared");
        assertEquals(Optional.empty(), InputText.text(latin1, "no-such-charset"));
    }

    @Test
    void everyJsonFieldWithRefusedTextIsNamedByItsPath() {
        String json = "{\"title\":\"abc\\u0000def\",\"authors\":[\"Kivi\",\"\\ud800\"],\"names\":{\"fi\":\"ok\",\"sv\":\"bad\\u0001\"},"
                + "\"n\\u0000ame\":1,\"fine\":\"tab\\tand\\nline\"}";
        assertEquals(List.of("title", "authors[1]", "names.sv", "n\uFFFDame"), InputText.refusedJsonFields(json));
        assertEquals(List.of(), InputText.refusedJsonFields("{\"title\":\"Seitsemän veljestä 📚\"}"));
        assertEquals(List.of(""), InputText.refusedJsonFields("\"\\u0000\""));
        assertEquals(List.of("[0][1]"), InputText.refusedJsonFields("[[\"a\",\"\\u0002\"]]"));
        assertEquals(List.of(), InputText.refusedJsonFields("{not json"), "malformed JSON is for the JSON reader to refuse");
    }

    @Test
    void namesAreShownWithoutTheirRefusedCharactersAndCut() {
        assertEquals("q\uFFFDx", InputText.printable("q\u0000x"));
        assertEquals("📚", InputText.printable("📚"));
        assertEquals(100, InputText.printable("x".repeat(500)).length());
    }
}
