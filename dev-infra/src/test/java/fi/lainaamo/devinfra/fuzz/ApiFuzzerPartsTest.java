package fi.lainaamo.devinfra.fuzz;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fuzzer sends exactly the hostile bytes it means to, and the same ones again for the same seed. */
class ApiFuzzerPartsTest {

    @Test
    void aLoneSurrogateTravelsAsBytesThatAreNotUtf8() {
        assertEquals("a%ED%A0%80b%F0%9F%98%80%00", ApiFuzzer.percentEncoded("a\uD800b\uD83D\uDE00\u0000"));
        byte[] raw = Json.write(Json.text("\uDC00"), true);
        assertArrayEquals(new byte[] {'"', (byte) 0xED, (byte) 0xB0, (byte) 0x80, '"'}, raw);
        assertEquals("\"\\udc00\\u0000\"", new String(Json.write(Json.text("\uDC00\u0000"), false), StandardCharsets.US_ASCII));
    }

    @Test
    void headersCarryTheUtf8BytesButNoControlCharacters() {
        assertEquals("a\u00c3\u00a4b", ApiFuzzer.headerValue("a\u0000ä\nb"));
    }

    @Test
    void traitsNameWhatIsHostileInARequest() {
        assertEquals(Set.of("NUL", "lone surrogate"), ApiFuzzer.traitsOf("x\u0000\uD800"));
        assertTrue(ApiFuzzer.traitsOf(new Json.Obj(Map.of("a", Json.text("\uDBFF"))), true).contains("bytes that are not UTF-8"));
    }

    @Test
    void valuesMatchingThePublishedPatternsAreDrawn() {
        JqwikSession.start("1");
        try {
            Random random = new Random(1);
            Arbitrary<String> audience = HostileValues.matching("^(?:[Aa][Dd][Uu][Ll][Tt]|[Tt][Ee][Ee][Nn])$");
            assertTrue(List.of("ADULT", "TEEN").contains(ApiFuzzer.draw(audience, random)));
            String pin = ApiFuzzer.draw(HostileValues.matching("^(?:\\d{4,8})$"), random);
            assertTrue(pin.matches("\\d{4,8}"), pin);
            String code = ApiFuzzer.draw(HostileValues.matching("^(?:[A-Za-z0-9._@-]{3,100})$"), random);
            assertTrue(code.matches("[A-Za-z0-9._@-]{3,100}"), code);
            assertTrue(ApiFuzzer.draw(HostileValues.matching("^(?:https?://.*)$"), random).startsWith("https://"));
            assertNull(HostileValues.matching("^(?:P(\\d{1,4}D|\\d{1,3}W))$"));
        } finally {
            JqwikSession.finish();
        }
    }

    @Test
    void theSameSeedDrawsTheSameValues() {
        List<String> first = draws(42);
        assertEquals(first, draws(42));
    }

    private static List<String> draws(long seed) {
        JqwikSession.start(String.valueOf(seed));
        try {
            Random random = new Random(seed);
            return java.util.stream.IntStream.range(0, 50).mapToObj(i -> ApiFuzzer.draw(HostileValues.hostileStrings(), random)).toList();
        } finally {
            JqwikSession.finish();
        }
    }
}
