package fi.lainaamo.report.rebuild;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the live consumers out of the report tables while a rebuild empties and refills them. A live batch waits at
 * the gate (not acknowledged, so nothing is lost); once the rebuild has applied every record up to the offsets it
 * started from, the gate opens and the live consumers go on from their own offsets, the processed-event log dropping
 * whatever the rebuild already applied. Without the gate a live consumer could write a newer publication or licence
 * before the rebuild wrote an older one over it.
 */
@ApplicationScoped
public class ProjectionGate {

    private boolean closed;
    private int inside;

    /** Called by every live consumer before it applies a batch; waits while a rebuild runs. */
    public synchronized void enter() throws InterruptedException {
        while (closed) {
            wait();
        }
        inside++;
    }

    public synchronized void leave() {
        inside--;
        notifyAll();
    }

    /** Closes the gate and waits until no live batch is being applied; false if they did not finish in time. */
    synchronized boolean close(Duration timeout) throws InterruptedException {
        closed = true;
        long end = System.nanoTime() + timeout.toNanos();
        while (inside > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized void open() {
        closed = false;
        notifyAll();
    }

    /** Runs a live consumer's batch through the gate. */
    public void through(Runnable batch) {
        try {
            enter();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a rebuild ran; the batch is delivered again", interrupted);
        }
        try {
            batch.run();
        } finally {
            leave();
        }
    }
}
