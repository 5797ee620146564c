package fi.lainaamo.devinfra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stack start needs when it goes wrong rarely: no two servers are handed one port (in one JVM or two), and a child that stops
 * during start-up says why in the error itself (a CI report keeps the message, not the stack's log files).
 */
class StartFailuresTest {

    @Test
    void noPortIsHandedOutTwice() {
        // a stack picks ~30 ports before its services bind them; 500 random picks from 12,000 would repeat ~10 times
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = Ports.free();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
        }
    }

    @Test
    void noPortIsHandedOutTwiceAcrossJvms() throws Exception {
        // another JVM (a module's tests beside this one's in a parallel build) picks 300 ports and keeps them; 300 random
        // picks here would meet about 7 of them
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PortsHolder.class.getName(), "300")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            Set<Integer> theirs = new HashSet<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < 300; i++) {
                    String line = lines.readLine();
                    assertNotNull(line, "the other JVM picked 300 ports");
                    theirs.add(Integer.parseInt(line.trim()));
                }
                for (int i = 0; i < 300; i++) {
                    int port = Ports.free();
                    assertFalse(theirs.contains(port), "port " + port + " handed out in both JVMs");
                }
            }
        } finally {
            other.getOutputStream().close(); // the other JVM ends when its input does
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the other JVM ended");
        }
    }

    /** The other JVM of {@link #noPortIsHandedOutTwiceAcrossJvms}: picks ports, prints them, keeps them until its input ends. */
    public static final class PortsHolder {
        public static void main(String[] args) throws Exception {
            int count = Integer.parseInt(args[0]);
            for (int i = 0; i < count; i++) {
                System.out.println(Ports.free());
            }
            System.out.flush();
            while (System.in.read() != -1) {
                // kept until the test is done
            }
        }
    }

    @Test
    void aChildThatStopsSaysWhyWithItsLogsLastLines(@TempDir Path dir) throws Exception {
        Path program = dir.resolve("Fails.java");
        Files.writeString(program, """
                public class Fails {
                    public static void main(String[] args) {
                        for (int i = 1; i <= 40; i++) {
                            System.out.println("line " + i);
                        }
                        System.exit(1);
                    }
                }
                """);
        ChildJvm child = ChildJvm.start("fails", List.of(program.toString()), Map.of(), dir.resolve("fails.log"),
                what -> { }, null);
        assertTrue(child.waitFor(Duration.ofSeconds(60)), "the child ended");
        String description = child.exitDescription();
        assertTrue(description.startsWith("fails stopped with exit code 1; its log: "), description);
        assertTrue(description.contains("line 16\n") && description.endsWith("line 40"), "the last 25 lines: " + description);
        assertFalse(description.contains("line 15\n"), "no more than the last 25 lines: " + description);
    }
}
