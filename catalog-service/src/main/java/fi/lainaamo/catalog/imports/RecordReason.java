package fi.lainaamo.catalog.imports;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * Why an import did not store a product as the file asked: a stable code for programs and staff's checklists, and
 * plain words with the value at fault. Never an exception's text: what went wrong inside the server is logged there
 * (without personal data) and the record only says that it did.
 */
public enum RecordReason {
    NO_ISBN("no-isbn", "no ISBN-13 (ProductIdentifier with ProductIDType 15)"),
    ISBN_INVALID("isbn-invalid", "ISBN-13 {0} has a wrong check digit or length"),
    ONIX_DELETE("onix-delete", "notification type 05 (delete)"),
    NO_DESCRIPTIVE_DETAIL("no-descriptive-detail", "no DescriptiveDetail"),
    NOT_DIGITAL("not-digital", "not a digital product (ProductForm {0})"),
    NO_TITLE("no-title", "no title (TitleDetail with TitleType 01, or 00 when there is no 01)"),
    LANGUAGE_UNKNOWN("language-unknown", "language code {0} is not an ISO 639-2/B code (ONIX code list 74)"),
    UNREADABLE("unreadable-product", "the product could not be read; the server log tells why under its record reference"),
    INVALID_FIELDS("invalid-fields", "fields outside their limits: {0}"),
    NOT_STORED("not-stored", "the catalogue could not store the product; the server log tells why under the import id and position"),
    NOT_IN_CATALOGUE("not-in-catalogue", "withdrawal of a publication the catalogue does not have"),
    ALREADY_WITHDRAWN("already-withdrawn", "already withdrawn");

    /** The codes, for the API description. */
    public static final String CODES = "no-isbn, isbn-invalid, onix-delete, no-descriptive-detail, not-digital, no-title, "
            + "language-unknown, unreadable-product, invalid-fields, not-stored, not-in-catalogue, already-withdrawn";

    private final String code;
    private final String words;

    RecordReason(String code, String words) {
        this.code = code;
        this.words = words;
    }

    public String code() {
        return code;
    }

    /** The reason in words with the values at fault filled in (values from the file, never from the server). */
    public String words(Object... values) {
        // the words have no quotes, so MessageFormat leaves them as written
        return values.length == 0 ? words : new MessageFormat(words, Locale.ROOT).format(values);
    }
}
