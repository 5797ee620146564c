package fi.lainaamo.loan.loans;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fi.lainaamo.loan.loans.LoanResourceTest.borrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-patron invariants hold when one patron borrows from many devices at the same moment. */
@QuarkusTest
class LoanLimitConcurrencyTest {

    @Test
    void concurrentBorrowsNeverExceedTheLoanLimit() throws Exception {
        UUID patron = UUID.randomUUID();
        assertEquals(5, granted(patron, 12, () -> UUID.randomUUID()));
    }

    @Test
    void concurrentBorrowsOfOneTitleGiveOneLoan() throws Exception {
        UUID patron = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        assertEquals(1, granted(patron, 12, () -> title));
    }

    private static int granted(UUID patron, int attempts, java.util.function.Supplier<UUID> title) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            UUID t = title.get();
            calls.add(() -> borrow(patron, t, null).then().extract().statusCode());
        }
        int created = 0;
        for (Future<Integer> status : pool.invokeAll(calls)) {
            int code = status.get();
            if (code == 201) {
                created++;
            } else {
                assertEquals(422, code);
            }
        }
        pool.shutdown();
        return created;
    }
}
