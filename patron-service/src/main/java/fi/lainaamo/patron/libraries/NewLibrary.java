package fi.lainaamo.patron.libraries;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** A library joining Lainaamo, as a consortium admin enters it. */
@Schema(description = "A library (consortium) joining Lainaamo")
public record NewLibrary(
        @NotNull @Valid LibraryNames names,
        @NotEmpty @Size(max = 400) @MunicipalityCodes
        @Schema(description = "Codes of the municipalities it serves (three digits each, e.g. 091 for Helsinki)", example = "[\"091\", \"049\"]")
        List<@Size(max = 3) String> municipalities,
        @Schema(description = "First day its residents can borrow; today when omitted") LocalDate joinDate) {
}
