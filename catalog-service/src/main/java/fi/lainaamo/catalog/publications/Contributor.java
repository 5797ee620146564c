package fi.lainaamo.catalog.publications;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A person or body who made the publication, with every role they had (a translator who also wrote the foreword is
 * one contributor with two roles); the list order is the credit order. {@code role} is the first of the roles, kept
 * for clients that show one. A client may send either {@code role} or {@code roles}; when both are sent, the roles win.
 */
@Schema(description = "A contributor in credit order, with their roles")
public record Contributor(
        @NotBlank @Size(max = 300) @Schema(example = "Väinö Linna") String name,
        @Size(max = 300) @Schema(description = "Name as sorted, such as \"Linna, Väinö\"") String sortName,
        @Schema(enumeration = {"author", "translator", "narrator", "illustrator", "editor", "other", "unknown"},
                description = "The first of roles (the main one). other: a role the catalogue has no name for; unknown: the source did not say") String role,
        @NotEmpty @Size(max = 10)
        @Schema(description = "Every role of this contributor, main one first: author, translator, narrator, illustrator, editor, "
                + "other or unknown", example = "[\"author\", \"translator\"]")
        List<@NotNull @Pattern(regexp = "author|translator|narrator|illustrator|editor|other|unknown") String> roles,
        @Schema(description = "Made by a machine rather than a person: a synthesised voice or a generative AI "
                + "(ONIX code list 19, Unnamed persons, codes 05 to 09)") boolean ai) {

    public Contributor {
        List<String> given = roles == null || roles.isEmpty() ? new ArrayList<>() : new ArrayList<>(roles);
        if (given.isEmpty() && role != null) {
            given.add(role);
        }
        roles = Collections.unmodifiableList(given);
        role = given.isEmpty() ? null : given.get(0);
    }

    /** A person in one role, as most sources list them. */
    public Contributor(String name, String sortName, String role) {
        this(name, sortName, role, null, false);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
