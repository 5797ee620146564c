package fi.lainaamo.loan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A seat ledger inside the license-service stand-in for titles with a fixed number of copies (ids made by
 * {@link LicenseServiceStandIn#titleWithCopies}): it grants LOAN and HOLD seats up to that number, turns a HOLD seat
 * into a LOAN seat, releases seats, and shows who holds what, so tests can prove a seat is never given twice.
 */
public class SeatLedger implements ResponseDefinitionTransformerV2 {

    static final String NAME = "seat-ledger";
    static final String PREFIX = "c0ffee";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** publication -> holder -> kind */
    private final Map<String, Map<String, String>> seats = new LinkedHashMap<>();
    /** holder of a HOLD seat -> until when it is kept, as license-service answers it to a repeated request */
    private final Map<String, String> heldUntil = new LinkedHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition answer = answer(event);
        // a stub that answers slowly ({@link LicenseServiceStandIn#ledgerAnswersSlowly}) keeps its delay
        Integer delay = event.getResponseDefinition().getFixedDelayMilliseconds();
        return delay == null ? answer : com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
    }

    private synchronized ResponseDefinition answer(ServeEvent event) {
        try {
            String method = event.getRequest().getMethod().getName();
            String path = event.getRequest().getUrl().split("\\?")[0];
            if ("DELETE".equals(method)) {
                String holder = path.substring(path.lastIndexOf('/') + 1);
                seats.values().forEach(held -> held.remove(holder));
                heldUntil.remove(holder);
                return ResponseDefinition.noContent();
            }
            if ("GET".equals(method)) {
                String publication = path.substring(path.lastIndexOf('/') + 1);
                ArrayNode list = JSON.createArrayNode();
                seats.getOrDefault(publication, Map.of()).forEach((holder, kind) -> list.addObject().put("holderId", holder).put("kind", kind));
                return json(200, list);
            }
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            if (path.endsWith("/lend")) {
                String holdId = path.split("/")[3];
                String loanId = body.path("loanId").asText();
                for (Map.Entry<String, Map<String, String>> title : seats.entrySet()) {
                    Map<String, String> held = title.getValue();
                    if (held.containsKey(loanId)) {
                        return json(200, seat(loanId, title.getKey(), "LOAN", null));
                    }
                    if ("HOLD".equals(held.get(holdId))) {
                        held.remove(holdId);
                        heldUntil.remove(holdId);
                        held.put(loanId, "LOAN");
                        return json(200, seat(loanId, title.getKey(), "LOAN", null));
                    }
                }
                return problem("no-free-copy");
            }
            String publication = body.path("publicationId").asText();
            String holder = body.path("holderId").asText();
            String kind = body.path("kind").asText("LOAN");
            Map<String, String> held = seats.computeIfAbsent(publication, p -> new LinkedHashMap<>());
            if (held.containsKey(holder)) {
                return json(200, seat(holder, publication, held.get(holder), heldUntil.get(holder)));
            }
            if (held.size() >= copies(publication)) {
                return problem("no-free-copy");
            }
            held.put(holder, kind);
            if (body.hasNonNull("heldUntil")) {
                heldUntil.put(holder, body.path("heldUntil").asText());
            }
            return json(201, seat(holder, publication, kind, heldUntil.get(holder)));
        } catch (Exception e) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(400).withBody(e.toString()).build();
        }
    }

    static int copies(String publication) {
        return Integer.parseInt(publication.substring(PREFIX.length(), PREFIX.length() + 2), 16);
    }

    private static ObjectNode seat(String holder, String publication, String kind, String heldUntil) {
        ObjectNode seat = JSON.createObjectNode();
        seat.put("holderId", holder).put("licenceId", LicenseServiceStandIn.LICENCE.toString()).put("publicationId", publication)
                .put("state", "RESERVED").put("kind", kind).put("maxLoanDays", 14);
        if (heldUntil != null) {
            seat.put("heldUntil", heldUntil);
        }
        return seat;
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static ResponseDefinition problem(String code) {
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://lainaamo.fi/problems/" + code + "\",\"status\":409,\"code\":\"" + code + "\"}").build();
    }

    static UUID newTitle(int copies) {
        String tail = UUID.randomUUID().toString().substring(8);
        return UUID.fromString(PREFIX + String.format("%02x", copies) + tail);
    }
}
