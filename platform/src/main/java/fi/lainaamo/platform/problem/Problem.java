package fi.lainaamo.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details with Lainaamo's stable {@code code} and every reason in {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details; `code` is stable, `title` and `detail` follow Accept-Language (fi, sv, en)")
public record Problem(String type, String title, int status, String detail, String code, List<Reason> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://lainaamo.fi/problems/";

    /** One reason; {@code field} names the input at fault, when there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ProblemReason")
    public record Reason(String code, String field, String title, String detail) {
    }
}
