package fi.lainaamo.patron.libraries;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/** When a library leaves; today when omitted. */
@Schema(description = "The first day the library no longer serves its residents; today when omitted")
public record LeaveRequest(LocalDate leftOn) {
}
