package fi.lainaamo.patron.webhooks;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    @Test
    void signsLikeTheStandardWebhooksReferenceExample() {
        // the example of the Standard Webhooks libraries' tests
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void theSameInputTheSameSignatureAndAnyChangeAnother() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign(secret, "id-1", 1700000000L, "{\"a\":1}");
        assertEquals(signature, WebhookSignature.sign(secret, "id-1", 1700000000L, "{\"a\":1}"));
        assertTrue(Receiver.verify(secret, "id-1", String.valueOf(System.currentTimeMillis() / 1000), "{\"a\":1}",
                WebhookSignature.sign(secret, "id-1", System.currentTimeMillis() / 1000, "{\"a\":1}")));
        assertNotEquals(signature, WebhookSignature.sign(secret, "id-2", 1700000000L, "{\"a\":1}"));
        assertNotEquals(signature, WebhookSignature.sign(secret, "id-1", 1700000001L, "{\"a\":1}"));
        assertNotEquals(signature, WebhookSignature.sign(secret, "id-1", 1700000000L, "{\"a\":2}"));
        assertNotEquals(signature, WebhookSignature.sign(WebhookSignature.newSecret(), "id-1", 1700000000L, "{\"a\":1}"));
    }

    @Test
    void aSecretIsWhsecAndAtLeast24RandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);
        assertNotEquals(secret, WebhookSignature.newSecret());
    }

    @Test
    void aPseudonymIsStablePerAppKeyAndDiffersBetweenApps() {
        byte[] one = WebhookSignature.randomKey();
        byte[] two = WebhookSignature.randomKey();
        String patron = "3f1c2b7e-0000-4000-8000-000000000001";
        assertEquals(WebhookSignature.pseudonym(one, patron), WebhookSignature.pseudonym(one, patron));
        assertNotEquals(WebhookSignature.pseudonym(one, patron), WebhookSignature.pseudonym(two, patron));
        assertEquals(43, WebhookSignature.pseudonym(one, patron).length());
        assertTrue(WebhookSignature.pseudonym(one, patron).matches("[A-Za-z0-9_-]+"));
    }
}
