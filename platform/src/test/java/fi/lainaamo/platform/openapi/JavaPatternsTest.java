package fi.lainaamo.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Java @Pattern is published as the ECMA-262 pattern that accepts exactly what bean validation accepts. */
class JavaPatternsTest {

    private final JavaPatterns filter = new JavaPatterns();

    private Schema published(String javaPattern) {
        return filter.filterSchema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(javaPattern));
    }

    @Test
    void aChoiceOfWordsIsAnchoredAndBecomesAnEnumWithItsLength() {
        Schema schema = published("open|redriven|discarded");
        assertEquals("^(?:open|redriven|discarded)$", schema.getPattern());
        assertEquals(List.of("open", "redriven", "discarded"), schema.getEnumeration());
        assertEquals(9, schema.getMaxLength());
    }

    @Test
    void caseInsensitiveWordsAreSpelledOutWithoutTheInlineFlag() {
        Schema schema = published("(?i)EBOOK|AUDIOBOOK");
        assertEquals("^(?:[Ee][Bb][Oo][Oo][Kk]|[Aa][Uu][Dd][Ii][Oo][Bb][Oo][Oo][Kk])$", schema.getPattern());
        assertNull(schema.getEnumeration(), "ebook is accepted too, so the values are not an enum");
        assertEquals(9, schema.getMaxLength());
        Pattern ecma = Pattern.compile(schema.getPattern());
        for (String accepted : List.of("EBOOK", "ebook", "AudioBook")) {
            assertTrue(ecma.matcher(accepted).find(), accepted);
        }
        assertFalse(ecma.matcher("xEBOOK").find());
    }

    @Test
    void classesAndRangesKeepBothCases() {
        assertEquals("[a-zA-Z0-9]x[bB]", JavaPatterns.bothCases("[a-z0-9]x[b]").replace("[xX]", "x"));
        assertEquals("\\d[aA]", JavaPatterns.bothCases("\\da"));
    }

    @Test
    void aSingleRepeatedClassGivesTheLengths() {
        Schema pin = published("\\d{4,8}");
        assertEquals("^(?:\\d{4,8})$", pin.getPattern());
        assertEquals(4, pin.getMinLength());
        assertEquals(8, pin.getMaxLength());
        Schema code = published("[A-Z]{3}");
        assertEquals(3, code.getMinLength());
        assertEquals(3, code.getMaxLength());
    }

    @Test
    void notBlankAndAnchoredPatternsAreLeftAlone() {
        assertEquals("\\S", published("\\S").getPattern());
        assertEquals("^a+$", published("^a+$").getPattern());
        Schema other = published("https?://.*");
        assertEquals("^(?:https?://.*)$", other.getPattern());
        assertNull(other.getMaxLength());
    }
}
