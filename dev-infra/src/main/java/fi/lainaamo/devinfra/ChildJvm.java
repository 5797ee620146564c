package fi.lainaamo.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM started by this one that ends when this one ends, even on {@code kill -9}: Java cannot ask the kernel for
 * a parent-death signal, so a small shell watchdog, forked before the shell execs into the JVM, waits for end of
 * file on the stdin pipe only this JVM writes to, then stops the child (SIGTERM, SIGKILL after {@link #GRACE}).
 * Children ignore SIGINT: on Ctrl-C the launcher stops them, in order.
 * The child keeps the shell's process id, so {@link #pid()} and the signals below reach the real JVM.
 */
final class ChildJvm {

    /** How long a child may take to shut down before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 25;
    private static final int TAIL_CHARS = 6_000;

    // $$ is the shell's own pid, which the exec below hands on to the JVM. An asynchronous list reads /dev/null
    // unless told otherwise, so the watchdog gets the pipe through fd 3. The JVM inherits an ignored SIGINT and
    // so leaves Ctrl-C (which the terminal sends to the whole process group) to the launcher, which stops the
    // children in order: services first, so they leave their consumer groups while the broker still runs.
    private static String tether(Path outlive) {
        return String.join("\n",
                "trap '' INT",
                "exec 3<&0",
                "( cat <&3 >/dev/null",
                outlive == null ? "" : waitUntilGone(outlive),
                "  kill -TERM $$ 2>/dev/null",
                "  n=0; while [ $n -lt " + GRACE.toSeconds() * 4 + " ] && kill -0 $$ 2>/dev/null; do sleep 0.25; n=$((n+1)); done",
                "  kill -KILL $$ 2>/dev/null ) &",
                "exec 3<&-",
                "exec \"$@\"");
    }

    /** Shell lines that wait, up to {@link #GRACE}, until no process named in {@code pidFile} runs any more. */
    static String waitUntilGone(Path pidFile) {
        String file = "'" + pidFile.toString().replace("'", "'\\''") + "'";
        return String.join("\n",
                "  alive() { for p in $(cat " + file + " 2>/dev/null); do kill -0 \"$p\" 2>/dev/null && return 0; done; return 1; }",
                "  n=0; while [ $n -lt " + GRACE.toSeconds() * 4 + " ] && alive; do sleep 0.25; n=$((n+1)); done");
    }

    private final String name;
    private final Process process;
    private final Path log;
    private volatile boolean stopping;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <arguments>} with this JVM's java executable, the extra environment, output appended to
     * {@code log}. {@code onUnexpectedExit} is told when it ends without {@link #kill()} or {@link #stop()}. Once
     * this JVM is gone, the child is stopped as soon as no process listed in {@code outlive} (if given) runs any
     * more: the broker waits for the services this way.
     */
    static ChildJvm start(String name, List<String> arguments, Map<String, String> environment, Path log,
                          Consumer<String> onUnexpectedExit, Path outlive) throws IOException {
        return start(name, arguments, environment, log, onUnexpectedExit, outlive, null);
    }

    /** As above, in the working directory {@code directory} (null: this JVM's). */
    static ChildJvm start(String name, List<String> arguments, Map<String, String> environment, Path log,
                          Consumer<String> onUnexpectedExit, Path outlive, Path directory) throws IOException {
        return start(name, Path.of(javaExecutable()), arguments, environment, log, onUnexpectedExit, outlive, directory);
    }

    /** As above, with the java executable {@code java} (another JDK's) instead of this JVM's. */
    static ChildJvm start(String name, Path java, List<String> arguments, Map<String, String> environment, Path log,
                          Consumer<String> onUnexpectedExit, Path outlive, Path directory) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", tether(outlive), "sh", java.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        ChildJvm child = new ChildJvm(name, builder.start(), log);
        child.process.onExit().thenAccept(p -> {
            if (!child.stopping) {
                onUnexpectedExit.accept(name + " stopped by itself (exit code " + p.exitValue() + "); its log: " + log);
            }
        });
        return child;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Why it is no longer running, for error messages: with its log's last lines, so a CI report says why. */
    String exitDescription() {
        return name + " stopped with exit code " + process.exitValue() + "; its log: " + log + logTail();
    }

    /** The log's last {@value #TAIL_LINES} lines (at most {@value #TAIL_CHARS} characters), each indented; empty if unreadable. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n    ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            return "; it ends:\n    " + (tail.length() > TAIL_CHARS ? tail.substring(tail.length() - TAIL_CHARS) : tail);
        } catch (IOException | UncheckedIOException unreadable) {
            return "";
        }
    }

    /** Waits up to {@code timeout} for it to end by itself; true if it has. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash or the kernel's OOM killer would; returns once it is gone. */
    void kill() {
        stopping = true;
        List<ProcessHandle> watchdog = watchdog();
        process.destroyForcibly(); // SIGKILL ends a frozen process too
        awaitExit();
        endWatchdog(watchdog);
    }

    /** SIGTERM, the JVM's orderly shutdown; SIGKILL if it takes longer than {@link #GRACE}. */
    void stop() {
        stop(GRACE);
    }

    /** SIGTERM; SIGKILL if it takes longer than {@code grace}. */
    void stop(Duration grace) {
        stopping = true;
        List<ProcessHandle> watchdog = watchdog();
        if (grace.compareTo(GRACE) > 0) {
            // destroy() below closes the pipe the watchdog waits on: it would SIGKILL the child after GRACE
            endWatchdog(watchdog);
        }
        thaw();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        awaitExit();
        endWatchdog(watchdog);
    }

    /** SIGSTOP: the process stays, holds its sockets and answers nothing, like a long GC pause or a hung host. */
    void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        if (process.isAlive()) {
            signal("CONT");
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    private void awaitExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The watchdog shell and its cat: children of the JVM while it lives, orphans once it is gone. */
    private List<ProcessHandle> watchdog() {
        return process.isAlive() ? process.descendants().toList() : List.of();
    }

    // ProcessHandle.destroy checks the start time, so a pid reused meanwhile is left alone. Closing the pipe
    // ends a watchdog whose handle was missed: it then signals the JVM's pid, which is already gone.
    private void endWatchdog(List<ProcessHandle> watchdog) {
        watchdog.forEach(ProcessHandle::destroyForcibly);
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // nothing left to tell
        }
    }
}
