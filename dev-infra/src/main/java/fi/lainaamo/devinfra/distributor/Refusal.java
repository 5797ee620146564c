package fi.lainaamo.devinfra.distributor;

/** A request the distributor refuses, answered as problem details with an ODL or Readium error type. */
final class Refusal extends RuntimeException {

    static final String CHECKOUT = "http://opds-spec.org/odl/error/checkout/";
    static final String STATUS_DOCUMENT = "http://readium.org/license-status-document/error/";

    final int status;
    final String type;
    final String title;

    Refusal(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** A checkout parameter that is missing or malformed: 400 naming the parameter. */
    static Refusal badParameter(String parameter, String detail) {
        return new Refusal(400, CHECKOUT + parameter, "Invalid checkout parameter: " + parameter, detail);
    }

    static Refusal notFound(String detail) {
        return new Refusal(404, "about:blank", "Not Found", detail);
    }

    String detail() {
        return getMessage();
    }
}
