package fi.lainaamo.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in's memory of loan-service: what it answers for each holder id, and how often each id was asked about.
 * It answers {@code POST /v1/seat-holders/lookup} the way loan-service does (unknown ids as {@code state: unknown}),
 * and refuses a lookup without a bearer token with 401.
 */
public class SeatHolderBook implements ResponseDefinitionTransformerV2 {

    static final String NAME = "seat-holder-book";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> asked = new ConcurrentHashMap<>();

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
        try {
            String path = event.getRequest().getUrl().split("\\?")[0];
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (path.startsWith("/standin/holders/")) {
                answers.put(id, JSON.readTree(event.getRequest().getBodyAsString()));
                return ResponseDefinition.noContent();
            }
            if (path.startsWith("/standin/asked/")) {
                return json(200, JSON.createObjectNode().put("times", asked.getOrDefault(id, 0)));
            }
            String bearer = event.getRequest().getHeader("Authorization");
            if (bearer == null || !bearer.startsWith("Bearer ") || bearer.length() <= "Bearer ".length()) {
                return problem(401, "unauthenticated");
            }
            Set<String> ids = new LinkedHashSet<>();
            JSON.readTree(event.getRequest().getBodyAsString()).path("ids").forEach(node -> ids.add(node.asText()));
            ids.forEach(holder -> asked.merge(holder, 1, Integer::sum));
            for (String holder : ids) {
                String failure = answers.containsKey(holder) ? answers.get(holder).path("failure").asText(null) : null;
                if ("ERROR".equals(failure)) {
                    return problem(500, "internal-error");
                }
                if ("RESET".equals(failure)) {
                    return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                }
                if ("SLOW".equals(failure)) {
                    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"holders\":[]}").withFixedDelay(3_000).build();
                }
            }
            ArrayNode holders = JSON.createArrayNode();
            for (String holder : ids) {
                ObjectNode fate = holders.addObject().put("id", holder);
                JsonNode known = answers.get(holder);
                if (known == null) {
                    fate.put("state", "unknown");
                } else {
                    fate.put("kind", known.path("kind").asText()).put("state", known.path("state").asText());
                }
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("holders", holders);
            return json(200, body);
        } catch (Exception e) {
            return new ResponseDefinitionBuilder().withStatus(400).withBody(e.toString()).build();
        }
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    private static ResponseDefinition problem(int status, String code) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://lainaamo.fi/problems/" + code + "\",\"status\":" + status + ",\"code\":\"" + code + "\"}")
                .build();
    }
}
