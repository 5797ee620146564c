package fi.lainaamo.catalog.publications;

/** ISBN-13 as the catalogue stores it: 13 digits, no hyphens, with a correct check digit. */
public final class Isbn {

    private Isbn() {
    }

    /** Whether {@code isbn} is 13 digits whose weighted sum (1, 3, 1, 3, ...) is divisible by 10. */
    public static boolean isValid13(String isbn) {
        if (isbn == null || isbn.length() != 13) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            char c = isbn.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return sum % 10 == 0;
    }
}
