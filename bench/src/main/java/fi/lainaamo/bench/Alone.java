package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Workload 7b: each service started by itself, PostgreSQL and Kafka up and the other services stopped, so
 * that its start-up is not shared with the others: the time from launching its JVM until {@code GET /ready}
 * answers 200, its resident memory a few seconds later (idle), and right after a short load. The load needs the
 * services it calls (patron-service's keys verify every token; a borrow asks license-service for a seat): those are
 * started side by side only after the idle figure was read. Everything runs again afterwards.
 */
final class Alone {

    /** From ready until the idle RSS is read: the consumers have joined their groups by then. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(5);
    static final int GETS = 200;
    static final String GET_PATH = "/v1/admin/dead-letters";
    static final int LOAN_CYCLES = 100;
    static final int LOAN_CLIENTS = 4;

    /** One service's launches: seconds to ready, MB resident idle and after the load, and the load's failures. */
    record Launches(Service service, List<Double> readySeconds, List<Double> rssIdleMb, List<Double> rssLoadedMb,
                    long loadFailures) {
    }

    private Alone() {
    }

    /** What the load on a service is, in words for the report. */
    static String load(Service service) {
        String gets = GETS + " × `GET " + GET_PATH + "` (admin token)";
        return service == Service.LOAN ? gets + ", " + LOAN_CYCLES + " borrow + return cycles (" + LOAN_CLIENTS + " clients)" : gets;
    }

    /** The services the load on {@code service} calls, started after its idle figure was read. */
    static Set<Service> calledByLoad(Service service) {
        return switch (service) {
            case PATRON -> EnumSet.noneOf(Service.class);
            case CATALOG, LICENSE, REPORT -> EnumSet.of(Service.PATRON);
            case LOAN -> EnumSet.of(Service.PATRON, Service.LICENSE);
        };
    }

    static List<Launches> measure(LocalStack stack, Api api, Fixture fixture, Workloads workloads, int launches) throws Exception {
        List<Launches> all = new ArrayList<>();
        try {
            for (Service service : Service.values()) {
                List<Double> ready = new ArrayList<>();
                List<Double> idle = new ArrayList<>();
                List<Double> loaded = new ArrayList<>();
                long failures = 0;
                for (int i = 0; i < launches; i++) {
                    stopAll(stack);
                    ready.add(stack.startService(service).toMillis() / 1000.0);
                    Thread.sleep(IDLE_AFTER.toMillis());
                    idle.add(Resources.rssMb(stack.pid(service)));
                    stack.startServices(calledByLoad(service));
                    fixture.signInAgain(stack, api, LOAN_CLIENTS);
                    failures += workloads.gets(service, GET_PATH, fixture.adminToken, GETS).failed;
                    if (service == Service.LOAN) {
                        LatencyRun cycles = workloads.cycles("loan-service load", LOAN_CYCLES, LOAN_CLIENTS, fixture.titles);
                        failures += cycles.failed + cycles.refused;
                    }
                    loaded.add(Resources.rssMb(stack.pid(service)));
                    System.out.printf("  %s alone: ready after %.1f s, RSS idle %.0f MB, after load %.0f MB%n", service.module,
                            ready.get(i), idle.get(i), loaded.get(i));
                }
                all.add(new Launches(service, ready, idle, loaded, failures));
            }
        } finally {
            List<Service> stopped = new ArrayList<>();
            for (Service service : Service.values()) {
                if (!stack.isRunning(service)) {
                    stopped.add(service);
                }
            }
            stack.startServices(stopped);
            fixture.signInAgain(stack, api);
        }
        return all;
    }

    /** Stops every running service side by side (an orderly SIGTERM each). */
    private static void stopAll(LocalStack stack) {
        List<Service> running = new ArrayList<>();
        for (Service service : Service.values()) {
            if (stack.isRunning(service)) {
                running.add(service);
            }
        }
        stack.stopServices(running);
    }
}
