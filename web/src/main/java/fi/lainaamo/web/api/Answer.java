package fi.lainaamo.web.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A service's answer: the status and the JSON body (a problem+json document when it refused). */
public record Answer(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem's {@code detail} in the patron's language (the services translate by Accept-Language). */
    public String detail() {
        String detail = body.path("detail").asText("");
        return detail.isBlank() ? body.path("title").asText("") : detail;
    }

    public String code() {
        return body.path("code").asText("");
    }

    /** Every reason of a refusal ({@code errors[]}), each as its detail (else title), in the order the service gave. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : body.path("errors")) {
            String text = reason.path("detail").asText("");
            reasons.add(text.isBlank() ? reason.path("title").asText(reason.path("code").asText()) : text);
        }
        if (reasons.isEmpty() && !detail().isBlank()) {
            reasons.add(detail());
        }
        return reasons;
    }

    /** The codes of {@code errors[]}. */
    public List<String> reasonCodes() {
        List<String> codes = new ArrayList<>();
        body.path("errors").forEach(reason -> codes.add(reason.path("code").asText()));
        return codes;
    }
}
