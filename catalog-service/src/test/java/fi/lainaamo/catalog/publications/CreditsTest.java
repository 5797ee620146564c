package fi.lainaamo.catalog.publications;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditsTest {

    @Test
    void placeholdersAreRecognisedHoweverTheyAreWritten() {
        for (String placeholder : List.of("Useita", "Tekijöitä, Useita", "useita tekijöitä", "USEITA TEKIJÖITÄ", "Tuntematon",
                "Various", "Various authors", "Several", "Anonymous", "et al.", "Flera", "Flera författare", "Okänd", "Anonym", " ")) {
            assertTrue(Credits.isPlaceholder(placeholder), placeholder);
        }
        for (String name : List.of("Väinö Linna", "Tove Jansson", "Tuntematon Sotilas", "Useita Ahonen", "Anonyymit Alkoholistit ry")) {
            assertFalse(Credits.isPlaceholder(name), name);
        }
    }

    @Test
    void aPersonListedInTwoRolesIsOneContributorInTheFirstPlaceWithBothRolesInOrder() {
        List<Contributor> credits = Credits.of(List.of(
                new Contributor("Anna Ahonen", "Ahonen, Anna", "author"),
                new Contributor("Bertil Berg", null, "illustrator"),
                new Contributor("anna  ahonen", null, "translator"),
                new Contributor("Anna Ahonen", null, "author")));
        assertEquals(List.of("Anna Ahonen", "Bertil Berg"), credits.stream().map(Contributor::name).toList());
        assertEquals(List.of("author", "translator"), credits.get(0).roles());
        assertEquals("author", credits.get(0).role());
        assertEquals("Ahonen, Anna", credits.get(0).sortName());
    }

    @Test
    void aMachineIsKeptWhateverItIsCalled() {
        List<Contributor> credits = Credits.of(List.of(new Contributor("Unknown", null, null, List.of("narrator"), true),
                new Contributor("Unknown", null, "author")));
        assertEquals(1, credits.size());
        assertTrue(credits.get(0).ai());
    }

    @Test
    void aContributorGivesRoleOrRolesAndTheFirstRoleIsTheMainOne() {
        assertEquals(List.of("narrator"), new Contributor("A", null, "narrator").roles());
        Contributor both = new Contributor("A", null, "editor", List.of("author", "translator"), false);
        assertEquals("author", both.role());
        assertTrue(both.has("translator"));
    }
}
