package fi.lainaamo.patron.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10)));

    @Test
    void eachWaitIsTheScheduledOneLessUpToAFifthAndThenItGivesUp() {
        for (int i = 0; i < 200; i++) {
            for (int failed = 1; failed <= 6; failed++) {
                Duration planned = schedule.waits().get(failed - 1);
                Duration wait = schedule.after(failed).orElseThrow();
                assertTrue(wait.compareTo(planned) <= 0 && wait.compareTo(planned.multipliedBy(4).dividedBy(5)) >= 0, failed + ": " + wait);
            }
        }
        assertEquals(Optional.empty(), schedule.after(7));
        assertEquals(Optional.empty(), schedule.after(0));
        assertEquals(7, schedule.maxAttempts());
        Duration total = schedule.waits().stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(total.compareTo(Duration.ofHours(17)) > 0 && total.compareTo(Duration.ofHours(25)) < 0, "about a day: " + total);
    }

    @Test
    void theJitterSpreadsDeliveriesThatFailedTogether() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> schedule.after(3).orElseThrow()).distinct().count();
        assertTrue(distinct > 10, "spread: " + distinct);
    }
}
