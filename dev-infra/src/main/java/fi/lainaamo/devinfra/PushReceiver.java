package fi.lainaamo.devinfra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Web Push service and the browsers behind it, for tests: a real HTTP server (the JDK's) on a free port that
 * patron-service may call over http ({@code lainaamo.push.allowed-hosts=localhost:<port>}). Each {@link Browser}
 * has its own endpoint path, P-256 key pair and auth secret, as a browser's PushSubscription would. For every POST
 * it checks what a push service and the browser would: the VAPID JWT (ES256 signed by the key in {@code k}, aud =
 * this origin, exp in the future and at most 24 h away) and the {@code aes128gcm} body, decrypted here with the
 * JDK's ECDH, HMAC-SHA-256 and AES-GCM written out independently of the code under test. It answers what the test
 * scripted (201 when nothing is), and keeps every request with its answer.
 */
public class PushReceiver implements QuarkusTestResourceLifecycleManager {

    private static final Pattern VAPID = Pattern.compile("^vapid t=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$");
    private static final Pattern AUD = Pattern.compile("\"aud\":\"([^\"]+)\"");
    private static final Pattern EXP = Pattern.compile("\"exp\":(\\d+)");
    private static final Pattern SUB = Pattern.compile("\"sub\":\"(mailto:[^\"]+|https:[^\"]+)\"");

    private HttpServer server;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();

    /** One request as the receiver saw it: the answer it gave, and the decrypted message or why it was refused. */
    public record Received(int answered, String message, String refusal, Map<String, List<String>> headers) {
    }

    /** A subscribed browser: its endpoint, its keys as PushSubscription.toJSON() gives them, and what reached it. */
    public final class Browser {
        public final String endpoint;
        private final KeyPair keys;
        private final byte[] auth = new byte[16];
        private final Deque<Integer> answers = new ArrayDeque<>();
        private final List<Received> received = new ArrayList<>();

        Browser(String endpoint) {
            this.endpoint = endpoint;
            this.keys = newKeyPair();
            new SecureRandom().nextBytes(auth);
        }

        public Map<String, Object> subscriptionJson() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", Map.of("p256dh", b64(uncompressed((ECPublicKey) keys.getPublic())), "auth", b64(auth)));
            return json;
        }

        /** The next requests are answered with these statuses, in order; 201 after them. */
        public synchronized Browser answer(Integer... statuses) {
            answers.addAll(Arrays.asList(statuses));
            return this;
        }

        public synchronized List<Received> received() {
            return List.copyOf(received);
        }

        /** The decrypted messages of the requests answered 201 (what the browser shows). */
        public synchronized List<String> accepted() {
            return received.stream().filter(r -> r.answered() == 201).map(Received::message).toList();
        }

        synchronized int handle(byte[] body, Map<String, List<String>> headers) {
            String refusal = null;
            String message = null;
            try {
                verifyVapid(first(headers, "Authorization"));
                if (!"aes128gcm".equals(first(headers, "Content-Encoding"))) {
                    throw new IllegalStateException("Content-Encoding is not aes128gcm");
                }
                if (first(headers, "TTL") == null) {
                    throw new IllegalStateException("no TTL");
                }
                message = new String(decrypt(body), StandardCharsets.UTF_8);
            } catch (Exception e) {
                refusal = e.toString();
            }
            int status = refusal != null ? 400 : answers.isEmpty() ? 201 : answers.poll();
            received.add(new Received(status, message, refusal, headers));
            return status;
        }

        private void verifyVapid(String authorization) throws Exception {
            Matcher vapid = authorization == null ? null : VAPID.matcher(authorization);
            if (vapid == null || !vapid.matches()) {
                throw new IllegalStateException("no vapid Authorization");
            }
            String header = new String(Base64.getUrlDecoder().decode(vapid.group(1)), StandardCharsets.UTF_8);
            String claims = new String(Base64.getUrlDecoder().decode(vapid.group(2)), StandardCharsets.UTF_8);
            if (!header.contains("\"alg\":\"ES256\"")) {
                throw new IllegalStateException("not ES256: " + header);
            }
            byte[] raw = Base64.getUrlDecoder().decode(vapid.group(3));
            Signature es256 = Signature.getInstance("SHA256withECDSA");
            es256.initVerify(publicKey(Base64.getUrlDecoder().decode(vapid.group(4))));
            es256.update((vapid.group(1) + "." + vapid.group(2)).getBytes(StandardCharsets.US_ASCII));
            if (raw.length != 64 || !es256.verify(der(raw))) {
                throw new IllegalStateException("VAPID signature does not verify with k");
            }
            Matcher aud = AUD.matcher(claims);
            if (!aud.find() || !aud.group(1).equals(origin())) {
                throw new IllegalStateException("aud is not " + origin() + ": " + claims);
            }
            Matcher exp = EXP.matcher(claims);
            long now = Instant.now().getEpochSecond();
            if (!exp.find() || Long.parseLong(exp.group(1)) <= now || Long.parseLong(exp.group(1)) > now + 24 * 3600) {
                throw new IllegalStateException("exp not within the next 24 h: " + claims);
            }
            if (!SUB.matcher(claims).find()) {
                throw new IllegalStateException("no mailto: or https: sub: " + claims);
            }
        }

        /** RFC 8291 section 3.4 and RFC 8188, the browser's side. */
        private byte[] decrypt(byte[] body) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int recordSize = in.getInt();
            byte[] asPublic = new byte[in.get() & 0xff];
            in.get(asPublic);
            byte[] record = new byte[in.remaining()];
            in.get(record);
            if (record.length > recordSize) {
                throw new IllegalStateException("more than one record");
            }
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(keys.getPrivate());
            ecdh.doPhase(publicKey(asPublic), true);
            byte[] secret = ecdh.generateSecret();
            byte[] uaPublic = uncompressed((ECPublicKey) keys.getPublic());
            byte[] prkKey = hmac(auth, secret);
            byte[] ikm = hmac(prkKey, concat("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, uaPublic, asPublic, new byte[] {1}));
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1})), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 1})), 12);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = gcm.doFinal(record);
            int end = padded.length - 1;
            while (end >= 0 && padded[end] == 0) {
                end--;
            }
            if (end < 0 || padded[end] != 2) {
                throw new IllegalStateException("no last-record delimiter");
            }
            return Arrays.copyOf(padded, end);
        }
    }

    /** As a Quarkus test resource: on a free port, and patron-service configured to call it over http. */
    @Override
    public Map<String, String> start() {
        listen(0);
        return Map.of("lainaamo.push.allowed-hosts", "localhost:" + server.getAddress().getPort());
    }

    /** On its own, for the system tests: on {@code port}, which the stack's patron-service was told to allow. */
    public static PushReceiver listening(int port) {
        PushReceiver receiver = new PushReceiver();
        receiver.listen(port);
        return receiver;
    }

    private void listen(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/push/", this::handle);
        server.start();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(TestPushReceiver.class, PushReceiver.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** http://localhost:<port>: the origin every endpoint here has. */
    public String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** A new browser with an endpoint of its own. */
    public Browser browser() {
        Browser browser = new Browser(origin() + "/push/" + UUID.randomUUID());
        browsers.put(pathOf(browser.endpoint), browser);
        return browser;
    }

    private static String pathOf(String endpoint) {
        return java.net.URI.create(endpoint).getPath();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Browser browser = browsers.get(exchange.getRequestURI().getPath());
            int status = !"POST".equals(exchange.getRequestMethod()) ? 405 : browser == null ? 404 : browser.handle(body, exchange.getRequestHeaders());
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(byte[] uncompressed) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)), new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        return concat(new byte[] {4}, unsigned32(key.getW().getAffineX()), unsigned32(key.getW().getAffineY()));
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
        return out;
    }

    /** r || s to DER SEQUENCE { INTEGER r, INTEGER s }. */
    private static byte[] der(byte[] raw) {
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)).toByteArray();
        return concat(new byte[] {0x30, (byte) (4 + r.length + s.length), 0x02, (byte) r.length}, r, new byte[] {0x02, (byte) s.length}, s);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
