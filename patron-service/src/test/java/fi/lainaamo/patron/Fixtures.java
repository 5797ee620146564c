package fi.lainaamo.patron;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** What the tests need again and again, done through the API as a client would: real admins, libraries, patrons. */
public final class Fixtures {

    // each test JVM starts with an empty database, so handing out codes in order keeps tests apart
    private static final AtomicInteger NEXT_MUNICIPALITY = new AtomicInteger(100);

    private Fixtures() {
    }

    /** A municipality code no other test uses. */
    public static String municipality() {
        int code = NEXT_MUNICIPALITY.getAndIncrement();
        if (code > 999) {
            throw new IllegalStateException("out of municipality codes");
        }
        return String.valueOf(code);
    }

    public static String cardNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    /** A real consortium-admin token, from the staff sign-in with the bootstrap account. */
    public static String adminToken() {
        return given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "lainaamo-admin"))
                .when().post("/v1/staff/sign-in")
                .then().statusCode(200).extract().path("accessToken");
    }

    public static io.restassured.response.Response createLibrary(String token, String name, List<String> municipalities, LocalDate joinDate) {
        Map<String, Object> body = new HashMap<>();
        body.put("names", Map.of("fi", name, "sv", name + " (sv)", "en", name + " (en)"));
        body.put("municipalities", municipalities);
        if (joinDate != null) {
            body.put("joinDate", joinDate.toString());
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/libraries");
    }

    /** A library serving the given municipalities from today; returns its id. */
    public static String library(String... municipalities) {
        return createLibrary(adminToken(), "Testikirjasto " + municipalities[0], List.of(municipalities), null)
                .then().statusCode(201).extract().path("id");
    }

    public static io.restassured.response.Response register(String cardNumber, String pin, String municipality, String language) {
        Map<String, Object> body = new HashMap<>(Map.of("cardNumber", cardNumber, "pin", pin, "municipality", municipality));
        if (language != null) {
            body.put("language", language);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/patrons");
    }

    public static io.restassured.response.Response signIn(String cardNumber, String pin) {
        return given().contentType(ContentType.JSON).body(Map.of("cardNumber", cardNumber, "pin", pin))
                .when().post("/v1/sign-in");
    }

    /** A registered, signed-in patron's token. */
    public static String patronToken() {
        String municipality = municipality();
        library(municipality);
        String card = cardNumber();
        register(card, "4321", municipality, null).then().statusCode(201);
        return signIn(card, "4321").then().statusCode(200).extract().path("accessToken");
    }

    /** A registered patron: their id, card number, PIN and tokens (access and refresh). */
    public record TestPatron(String id, String card, String pin, String municipality, String libraryId, String token, String refreshToken) {
    }

    /** A patron of a new library serving a new municipality. */
    public static TestPatron patron() {
        String municipality = municipality();
        return patronOf(library(municipality), municipality);
    }

    /** A patron of the given library, living in the given (served) municipality. */
    public static TestPatron patronOf(String libraryId, String municipality) {
        String card = cardNumber();
        String id = register(card, "4321", municipality, null).then().statusCode(201).extract().path("id");
        io.restassured.response.Response signedIn = signIn(card, "4321").then().statusCode(200).extract().response();
        return new TestPatron(id, card, "4321", municipality, libraryId, signedIn.path("accessToken"), signedIn.path("refreshToken"));
    }

    /** A librarian account of the library, created by the bootstrap admin; returns the librarian's access token. */
    public static String librarianToken(String libraryId) {
        String username = "kirjastonhoitaja-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "salasana-123", "role", "librarian", "libraryId", libraryId))
                .when().post("/v1/staff")
                .then().statusCode(201);
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "salasana-123"))
                .when().post("/v1/staff/sign-in")
                .then().statusCode(200).extract().path("accessToken");
    }

    /**
     * Every test signs in from this machine's address, so the failed sign-ins of all tests would add up against the
     * per-address limit: a test that fails sign-ins on purpose starts from a clean count.
     */
    public static void forgetFailedSignInsFromHere() {
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("delete from sign_in_address_failure").executeUpdate());
    }

    /** The claims of a JWT, read without checking it (the service under test does the checking). */
    public static JsonPath claims(String jwt) {
        return part(jwt, 1);
    }

    public static JsonPath header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonPath part(String jwt, int index) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
    }
}
