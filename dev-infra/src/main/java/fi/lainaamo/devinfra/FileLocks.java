package fi.lainaamo.devinfra;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Exclusive locks on files, across JVMs: the operating system lets one go when its JVM ends, even by {@code kill -9}. */
final class FileLocks {

    private FileLocks() {
    }

    /**
     * The file (made if missing) opened with its lock held for as long as the channel stays open; empty when another
     * JVM holds the lock, or this one.
     */
    static Optional<FileChannel> tryHold(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(channel);
    }
}
