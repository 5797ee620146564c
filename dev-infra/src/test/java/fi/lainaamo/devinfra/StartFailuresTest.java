package fi.lainaamo.devinfra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stack start needs when it goes wrong rarely: no two servers are handed one port, and a child that stops
 * during start-up says why in the error itself (a CI report keeps the message, not the stack's log files).
 */
class StartFailuresTest {

    @Test
    void noPortIsHandedOutTwice() {
        // a stack picks ~30 ports before its services bind them; 2,000 random picks from 12,000 would repeat ~160 times
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = Ports.free();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
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
