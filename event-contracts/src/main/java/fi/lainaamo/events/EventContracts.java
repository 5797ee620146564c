package fi.lainaamo.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a consumer may rely on in an event: its type is one this build knows, and its data satisfies that type's
 * JSON Schema. Consumers check a record against its contract before applying it, so a record that breaks it is
 * recognised as such (and set aside) instead of failing somewhere inside the effect.
 */
public final class EventContracts {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final Set<String> KNOWN = knownTypes();
    /** "fi.lainaamo.loan.started" → "fi.lainaamo.loan.started.v1": the version this build speaks of each type. */
    private static final Map<String, String> BY_NAME = KNOWN.stream()
            .collect(Collectors.toUnmodifiableMap(EventContracts::withoutVersion, Function.identity()));

    private EventContracts() {
    }

    /** True when this build knows the type, version included. */
    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }

    /**
     * The version of the same event this build knows, when {@code type} is another version of it (for example
     * {@code fi.lainaamo.loan.started.v2} while this build speaks v1); empty for known and wholly unknown types.
     */
    public static Optional<String> otherVersionOf(String type) {
        if (type == null || KNOWN.contains(type)) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(withoutVersion(type)));
    }

    /** Why the data breaks the type's schema, one line per violation; empty when it does not (or the type is unknown). */
    public static List<String> violations(String type, JsonNode data) {
        if (!KNOWN.contains(type)) {
            return List.of();
        }
        Schema schema = COMPILED.computeIfAbsent(type, EventContracts::load);
        return schema.validate(data).stream().map(error -> error.getMessage()).toList();
    }

    private static Schema load(String type) {
        try (InputStream in = EventContracts.class.getResourceAsStream("/schemas/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("event-contracts has no schema for " + type);
            }
            return SCHEMAS.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutVersion(String type) {
        return type.replaceFirst("\\.v\\d+$", "");
    }

    private static Set<String> knownTypes() {
        try {
            java.util.HashSet<String> types = new java.util.HashSet<>();
            for (Field field : EventTypes.class.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    types.add((String) field.get(null));
                }
            }
            return Set.copyOf(types);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
