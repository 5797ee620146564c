package fi.lainaamo.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consumers tell a broken record from a good one by its contract; these are the cases they rely on. */
class EventContractsTest {

    @Test
    void anExamplePayloadKeepsItsContract() {
        JsonNode started = EventSchemasTest.JSON.valueToTree(EventSchemasTest.EXAMPLES.get(EventTypes.LOAN_STARTED));
        assertEquals(java.util.List.of(), EventContracts.violations(EventTypes.LOAN_STARTED, started));
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeBreaksIt() {
        ObjectNode started = EventSchemasTest.JSON.valueToTree(EventSchemasTest.EXAMPLES.get(EventTypes.LOAN_STARTED));
        started.remove("loanId");
        assertFalse(EventContracts.violations(EventTypes.LOAN_STARTED, started).isEmpty());
        ObjectNode queue = EventSchemasTest.JSON.valueToTree(EventSchemasTest.EXAMPLES.get(EventTypes.HOLD_QUEUE_CHANGED));
        queue.put("holdsWaiting", "many");
        assertFalse(EventContracts.violations(EventTypes.HOLD_QUEUE_CHANGED, queue).isEmpty());
        assertFalse(EventContracts.violations(EventTypes.LOAN_STARTED, EventSchemasTest.JSON.getNodeFactory().textNode("x")).isEmpty());
    }

    @Test
    void anotherVersionOfAKnownTypeIsToldApartFromAnUnknownType() {
        assertEquals(Optional.of(EventTypes.LOAN_STARTED), EventContracts.otherVersionOf("fi.lainaamo.loan.started.v2"));
        assertEquals(Optional.empty(), EventContracts.otherVersionOf(EventTypes.LOAN_STARTED));
        assertEquals(Optional.empty(), EventContracts.otherVersionOf("fi.lainaamo.loan.lost-in-the-mail.v1"));
        assertTrue(EventContracts.isKnown(EventTypes.HOLD_READY));
        assertFalse(EventContracts.isKnown("fi.lainaamo.hold.ready.v9"));
    }
}
