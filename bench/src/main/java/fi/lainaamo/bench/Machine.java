package fi.lainaamo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class Machine {

    private Machine() {
    }

    static String cpu() {
        return grep(Path.of("/proc/cpuinfo"), "model name");
    }

    static String memory() {
        String total = grep(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return String.format("%.1f GiB", Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    private static String grep(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
