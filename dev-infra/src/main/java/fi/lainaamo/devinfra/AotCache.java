package fi.lainaamo.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK 25 AOT cache (JEPs 483, 514, 515: classes loaded and linked ahead of time, with method profiles) for one
 * packaged Quarkus application, kept as {@code app.aot} beside its {@code quarkus-run.jar}. The services are built
 * for Java 17 and start there with their AppCDS archive; with a JDK of version 25 or later on the machine, the
 * cache takes about a quarter off a service's start (BENCHMARKS.md, issue 14). Made in two steps: the application
 * runs once in record mode ({@link #recordOptions}), which writes {@code app.aotconf} when it exits, then
 * {@link #create} assembles the cache from it in a few seconds without running the application.
 * <p>
 * The JVM accepts a cache only for the same JDK, the same class path and jars of the same size and modification
 * time; every build rewrites the application's own jars, so a cache is {@link #fresh} only when it is newer than
 * every file of the build and was made by the same JDK with the same options (kept in {@code app.aot.stamp}).
 * Should the JVM still refuse it, it says so in the log and starts without.
 */
final class AotCache {

    /** A JDK's home to make and use caches with, or {@code none} for none; unset: the newest JDK ≥ 25 found. */
    static final String JDK_ENV = "LAINAAMO_AOT_JDK";
    static final int MIN_VERSION = 25;
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private final Path appDir;
    private final Path java;
    private final List<String> options;

    /** The cache of the application in {@code appDir}, made and used by {@code java} with the JVM {@code options}. */
    AotCache(Path appDir, Path java, List<String> options) {
        this.appDir = appDir;
        this.java = java;
        this.options = List.copyOf(options);
    }

    /**
     * The java executable of the JDK to make caches with: {@value #JDK_ENV} if set (empty for {@code none}), else
     * this JVM's own if it is recent enough, else the newest JDK ≥ {@value #MIN_VERSION} in /usr/lib/jvm.
     */
    static Optional<Path> jdk() {
        String set = System.getenv(JDK_ENV);
        if (set != null && !set.isBlank()) {
            if (set.trim().equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            Path home = Path.of(set.trim());
            if (version(home) < MIN_VERSION) {
                throw new IllegalStateException(JDK_ENV + "=" + set + " is not a JDK " + MIN_VERSION
                        + " or later (its 'release' file says otherwise or is missing); set it to such a JDK's home, or to none");
            }
            return Optional.of(home.resolve("bin/java"));
        }
        Path own = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= MIN_VERSION) {
            return Optional.of(own.resolve("bin/java"));
        }
        if (!Files.isDirectory(JVM_DIR)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVM_DIR)) {
            return homes.filter(home -> !Files.isSymbolicLink(home) && Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> version(home) >= MIN_VERSION)
                    .max(Comparator.comparingInt(AotCache::version).thenComparing(Path::toString))
                    .map(home -> home.resolve("bin/java"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version of the JDK whose {@code bin/java} this is. */
    static int versionOf(Path java) {
        return version(java.getParent().getParent());
    }

    /** The feature version a JDK's {@code release} file names; 0 when there is none. */
    static int version(Path jdkHome) {
        try {
            Matcher m = VERSION.matcher(Files.readString(jdkHome.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether JVM options already say how classes are shared (a comparison run): then no cache is made or used. */
    static boolean sharingChosen(List<String> options) {
        return options.stream().anyMatch(o -> o.startsWith("-Xshare") || o.startsWith("-XX:SharedArchiveFile")
                || o.startsWith("-XX:AOT"));
    }

    Path java() {
        return java;
    }

    Path file() {
        return appDir.resolve("app.aot");
    }

    private Path configuration() {
        return appDir.resolve("app.aotconf");
    }

    private Path stamp() {
        return appDir.resolve("app.aot.stamp");
    }

    /** What the cache was made with: it is used only by the same JDK with the same options. */
    private String expectedStamp() {
        return java + "\n" + String.join(" ", options) + "\n";
    }

    /** True when the cache exists, is newer than every file of the build, and was made with this JDK and these options. */
    boolean fresh() {
        try {
            if (!Files.isRegularFile(file()) || !Files.isRegularFile(stamp())
                    || !Files.readString(stamp()).equals(expectedStamp())) {
                return false;
            }
            long made = Files.getLastModifiedTime(file()).toMillis();
            try (Stream<Path> build = Files.walk(appDir)) {
                return build.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith("app.aot") && !f.getFileName().toString().equals("app-cds.jsa"))
                        .allMatch(f -> lastModified(f) <= made);
            }
        } catch (IOException | UncheckedIOException e) {
            return false; // a file of the build vanished meanwhile: rebuilt under us, so not fresh
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options that start the application with the cache (relative to the application's directory). */
    List<String> useOptions() {
        return List.of("-XX:AOTCache=" + file().getFileName());
    }

    /** The options of the training run, which writes {@code app.aotconf} at its exit; an older cache is removed first. */
    List<String> recordOptions() throws IOException {
        Files.deleteIfExists(file());
        Files.deleteIfExists(stamp());
        Files.deleteIfExists(configuration());
        return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration().getFileName());
    }

    /**
     * After the training run has exited: starts assembling the cache from its configuration (a JVM that does not run
     * the application). {@link #finish} tells whether it worked.
     */
    Process create(Path log) throws IOException {
        if (!Files.isRegularFile(configuration())) {
            throw new IOException("the training run left no " + configuration() + " (it did not exit normally)");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration().getFileName(),
                "-XX:AOTCache=" + file().getFileName(), "-jar", "quarkus-run.jar"));
        return new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Once {@link #create}'s process has ended: stamps the cache if it was made; true if so. */
    boolean finish(Process create) throws IOException {
        Files.deleteIfExists(configuration());
        if (create.exitValue() != 0 || !Files.isRegularFile(file())) {
            Files.deleteIfExists(file());
            return false;
        }
        Files.writeString(stamp(), expectedStamp());
        return true;
    }
}
