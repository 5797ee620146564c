package fi.lainaamo.devinfra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One launcher per work dir. The operating system drops the lock when the launcher dies, even by {@code kill -9},
 * so whoever holds it knows that a PostgreSQL still running on the work dir's data was left behind, not in use.
 */
final class LauncherLock implements AutoCloseable {

    private final FileChannel channel;

    private LauncherLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The lock, or empty with the holder's pid written in {@code holder} when another launcher has it. */
    static Optional<LauncherLock> tryAcquire(Path workDir, StringBuilder holder) throws IOException {
        Path file = workDir.resolve("launcher.lock");
        Optional<FileChannel> held = FileLocks.tryHold(file);
        if (held.isEmpty()) {
            holder.append(Files.readString(file).strip());
            return Optional.empty();
        }
        FileChannel channel = held.get();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
        return Optional.of(new LauncherLock(channel));
    }

    @Override
    public void close() throws IOException {
        channel.close(); // lets the lock go
    }
}
