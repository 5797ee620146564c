package fi.lainaamo.catalog.content;

/**
 * Why an upload cannot be kept: a reason code with a fi/sv/en text in the messages bundles, and what fills it in.
 * Thrown by the plain-Java readers ({@link EpubArchive}, {@link EpubPackage}, {@link AudiobookManifest}); the service
 * answers it as one 422 problem.
 */
public class NotAnEpub extends Exception {

    private final String reason;
    private final transient Object[] args;

    public NotAnEpub(String reason, Object... args) {
        super(reason, null, false, false);
        this.reason = reason;
        this.args = args;
    }

    /** The reason code, such as {@code epub-mimetype}. */
    public String reason() {
        return reason;
    }

    public Object[] args() {
        return args;
    }

    @Override
    public String getMessage() {
        return reason + (args.length == 0 ? "" : " " + java.util.Arrays.toString(args));
    }
}
