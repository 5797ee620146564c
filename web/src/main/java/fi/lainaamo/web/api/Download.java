package fi.lainaamo.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A service's answer as bytes (an image, a CSV or XLSX file): to be relayed to the browser or closed. */
public record Download(int status, String contentType, String disposition, InputStream body) implements AutoCloseable {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
