package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.publications.PublicationDetails;

/**
 * One ONIX product as the import sees it: what to do with it, and the catalogue's fields when it is to be stored.
 * {@code reason} says why a product is skipped or failed.
 */
public record OnixProduct(String recordReference, String isbn, Action action, PublicationDetails details, String reason) {

    /** What the product asks of the catalogue. */
    public enum Action { UPSERT, WITHDRAW, SKIP, FAIL }

    static OnixProduct skip(String recordReference, String isbn, String reason) {
        return new OnixProduct(recordReference, isbn, Action.SKIP, null, reason);
    }

    static OnixProduct fail(String recordReference, String isbn, String reason) {
        return new OnixProduct(recordReference, isbn, Action.FAIL, null, reason);
    }
}
