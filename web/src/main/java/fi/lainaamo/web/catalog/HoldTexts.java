package fi.lainaamo.web.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.session.Visit;

import java.time.Instant;

/** A hold's state in a sentence: place in the queue and estimated wait, or until when a ready copy is kept. */
public final class HoldTexts {

    private HoldTexts() {
    }

    public static String describe(JsonNode hold, Visit visit) {
        String state = hold.path("state").asText();
        if (state.equals("ready") && hold.path("readyUntil").isTextual()) {
            return visit.text("hold_ready", visit.dateTime(Instant.parse(hold.path("readyUntil").asText())));
        }
        String position = visit.text("hold_position", hold.path("position").asInt(), hold.path("queueLength").asInt());
        if (hold.path("estimatedWaitDays").isNumber()) {
            position = position + " " + visit.plural("hold_wait", hold.path("estimatedWaitDays").asLong());
        }
        if (state.equals("suspended")) {
            position = position + " " + visit.m().get("hold_suspended");
        }
        return position;
    }
}
