package fi.lainaamo.devinfra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AOT cache the local stack makes for each application, with the machine's JDK ≥ 25 (skipped without one): a
 * training run in record mode stopped as the stack stops it, the cache assembled from what it wrote, and the cache
 * taken as fresh only while the build and the JVM options are those it was made for.
 */
class AotCacheTest {

    private static final List<String> OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC");
    private static Path java;

    @BeforeAll
    static void aJdkRecentEnough() {
        java = AotCache.jdk().orElse(null);
        assumeTrue(java != null, "no JDK " + AotCache.MIN_VERSION + " or later on this machine");
    }

    @Test
    void aTrainingRunThatTakesLongerToStopThanTheUsualGraceStillLeavesAUsableCache(@TempDir Path dir) throws Exception {
        Path app = application(dir);
        AotCache cache = new AotCache(app, java, OPTIONS);
        assertFalse(cache.fresh(), "no cache yet");

        List<String> arguments = new java.util.ArrayList<>(OPTIONS);
        arguments.addAll(cache.recordOptions());
        arguments.addAll(List.of("-jar", "quarkus-run.jar"));
        Path log = dir.resolve("app.log");
        ChildJvm training = ChildJvm.start("app", java, arguments, Map.of(), log, what -> { }, null, app);
        awaitLine(log, "serving");
        Instant stopping = Instant.now();
        // its shutdown hook takes longer than ChildJvm.GRACE, as a service's orderly stop with a record-mode dump can
        training.stop(ChildJvm.GRACE.plusSeconds(30));
        assertTrue(Duration.between(stopping, Instant.now()).compareTo(ChildJvm.GRACE) > 0, "it took its time to stop");
        assertTrue(Files.readString(log).contains("stopped in order"), Files.readString(log));

        Process create = cache.create(dir.resolve("create.log"));
        assertTrue(create.waitFor(120, TimeUnit.SECONDS));
        assertTrue(cache.finish(create), Files.readString(dir.resolve("create.log")));
        assertTrue(cache.fresh(), "made for this build, JDK and options");

        // started with it, the JVM maps it: it says so when asked to log its use of the cache
        Process used = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", cache.useOptions().get(0),
                "-Xlog:aot=info", "-cp", "quarkus-run.jar", "Train", "once")).directory(app.toFile()).redirectErrorStream(true).start();
        String output = new String(used.getInputStream().readAllBytes());
        assertEquals(0, used.waitFor(), output);
        assertTrue(output.contains("once done"), output);
        assertTrue(output.contains("Using AOT-linked classes: true"), output);

        assertFalse(new AotCache(app, java, List.of("-Xmx128m", "-XX:+UseSerialGC")).fresh(), "other JVM options");
        Files.setLastModifiedTime(app.resolve("lib/dependency.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        assertFalse(cache.fresh(), "a file of the build is newer than the cache: rebuilt since");
    }

    @Test
    void jvmOptionsThatChooseTheirOwnClassSharingAreLeftAlone() {
        assertTrue(AotCache.sharingChosen(List.of("-Xmx1g", "-Xshare:off")));
        assertTrue(AotCache.sharingChosen(List.of("-XX:SharedArchiveFile=x.jsa")));
        assertTrue(AotCache.sharingChosen(List.of("-XX:AOTCache=x.aot")));
        assertFalse(AotCache.sharingChosen(LocalStack.DEFAULT_SERVICE_JVM_OPTIONS));
    }

    /** A small application laid out like a Quarkus build: {@code quarkus-run.jar} and a lib directory. */
    private static Path application(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Train.java"), """
                public class Train {
                    public static void main(String[] args) throws Exception {
                        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("b", "a", "c"));
                        java.util.Collections.sort(words);
                        if (args.length > 0) {
                            System.out.println(args[0] + " done " + words);
                            return;
                        }
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            try {
                                Thread.sleep(%d);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            System.out.println("stopped in order");
                        }));
                        System.out.println("serving " + words);
                        Thread.sleep(600_000);
                    }
                }
                """.formatted(ChildJvm.GRACE.plusSeconds(2).toMillis()));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), src.resolve("Train.java").toString()));
        Path app = Files.createDirectories(dir.resolve("quarkus-app"));
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("lib/dependency.txt"), "a file of the build");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Train");
        try (OutputStream file = Files.newOutputStream(app.resolve("quarkus-run.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("Train.class"));
            jar.write(Files.readAllBytes(classes.resolve("Train.class")));
            jar.closeEntry();
        }
        // the build's files are older than anything made from them
        Instant built = Instant.now().minusSeconds(60);
        for (Path f : List.of(app.resolve("quarkus-run.jar"), app.resolve("lib/dependency.txt"))) {
            Files.setLastModifiedTime(f, FileTime.from(built));
        }
        return app;
    }

    private static void awaitLine(Path log, String text) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains(text));
    }
}
