package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Resident memory of the service processes, read from /proc. */
final class Resources {

    private Resources() {
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Samples every service's RSS once a second and keeps the peak. */
    static final class Sampler {
        private final Map<Service, Double> peak = new EnumMap<>(Service.class);
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Sampler(LocalStack stack) {
            timer.scheduleAtFixedRate(() -> {
                for (Service s : Service.values()) {
                    peak.merge(s, rssMb(stack.pid(s)), Math::max);
                }
            }, 0, 1, TimeUnit.SECONDS);
        }

        Map<String, Double> stop() {
            timer.shutdownNow();
            Map<String, Double> byModule = new LinkedHashMap<>();
            peak.forEach((s, mb) -> byModule.put(s.module, mb));
            return byModule;
        }
    }
}
