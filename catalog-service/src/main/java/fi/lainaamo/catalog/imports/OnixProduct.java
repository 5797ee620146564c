package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.publications.PublicationDetails;

/**
 * One ONIX product as the import sees it: what to do with it, and the catalogue's fields when it is to be stored.
 * {@code reasonCode} and {@code reason} say why a product is skipped, failed or withdrawn ({@link RecordReason}).
 */
public record OnixProduct(String recordReference, String isbn, Action action, PublicationDetails details, String reasonCode,
                          String reason) {

    /** What the product asks of the catalogue. */
    public enum Action { UPSERT, WITHDRAW, SKIP, FAIL }

    static OnixProduct skip(String recordReference, String isbn, RecordReason reason, Object... values) {
        return new OnixProduct(recordReference, isbn, Action.SKIP, null, reason.code(), reason.words(values));
    }

    static OnixProduct fail(String recordReference, String isbn, RecordReason reason, Object... values) {
        return new OnixProduct(recordReference, isbn, Action.FAIL, null, reason.code(), reason.words(values));
    }

    static OnixProduct withdraw(String recordReference, String isbn) {
        return new OnixProduct(recordReference, isbn, Action.WITHDRAW, null, RecordReason.ONIX_DELETE.code(), RecordReason.ONIX_DELETE.words());
    }

    static OnixProduct upsert(String recordReference, String isbn, PublicationDetails details) {
        return new OnixProduct(recordReference, isbn, Action.UPSERT, details, null, null);
    }
}
