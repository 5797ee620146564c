package fi.lainaamo.catalog.publications;

/** What kind of publication the libraries lend: read on screen or listened to. */
public enum Format {
    EBOOK,
    AUDIOBOOK
}
