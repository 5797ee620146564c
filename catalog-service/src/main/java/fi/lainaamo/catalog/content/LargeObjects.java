package fi.lainaamo.catalog.content;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The bytes of stored content as PostgreSQL large objects, moved in chunks so memory stays bounded at any size.
 * Writing and unlinking happen in the caller's transaction (the same connection as Hibernate's, so the row and its
 * object commit together); reading takes one short transaction per chunk, so a slow download never holds a
 * database connection while the client takes its time.
 */
@ApplicationScoped
public class LargeObjects {

    static final int CHUNK = 256 * 1024;

    @Inject
    AgroalDataSource dataSource;

    /** A new large object holding the file's bytes; its oid. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long create(Path file) throws IOException {
        try (Connection connection = dataSource.getConnection(); InputStream in = Files.newInputStream(file)) {
            LargeObjectManager objects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
            long oid = objects.createLO(LargeObjectManager.READWRITE);
            LargeObject object = objects.open(oid, LargeObjectManager.WRITE);
            try {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    object.write(buffer, 0, n);
                }
            } finally {
                object.close();
            }
            return oid;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the large object", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void unlink(long oid) {
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getLargeObjectAPI().unlink(oid);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot unlink large object " + oid, e);
        }
    }

    /** {@code length} bytes of the object from {@code offset}, read chunk by chunk as the stream is consumed. */
    public InputStream open(long oid, long offset, long length) {
        return new StoredBytes(oid, offset, length);
    }

    /** Reads up to {@code length} bytes at {@code offset} in a transaction of its own; fewer only at the object's end. */
    int read(long oid, long offset, byte[] into, int length) throws IOException {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    LargeObject object = connection.unwrap(PGConnection.class).getLargeObjectAPI().open(oid, LargeObjectManager.READ);
                    try {
                        object.seek64(offset, LargeObject.SEEK_SET);
                        int total = 0;
                        while (total < length) {
                            int n = object.read(into, total, length - total);
                            if (n <= 0) {
                                break;
                            }
                            total += n;
                        }
                        return total;
                    } finally {
                        object.close();
                    }
                }
            });
        } catch (QuarkusTransactionException e) {
            // most likely the content was replaced or deleted while it was being read: the client gets a cut-off body
            throw new IOException("large object " + oid + " cannot be read", e.getCause() == null ? e : e.getCause());
        }
    }

    /** A stretch of a large object as a stream; each refill is one short transaction. */
    private final class StoredBytes extends InputStream {
        private final long oid;
        private long position;
        private final long end;
        private byte[] chunk;
        private int at;
        private int filled;

        StoredBytes(long oid, long offset, long length) {
            this.oid = oid;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            if (at == filled && !fill()) {
                return -1;
            }
            return chunk[at++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (at == filled && !fill()) {
                return -1;
            }
            int n = Math.min(len, filled - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (position >= end) {
                return false;
            }
            int wanted = (int) Math.min(CHUNK, end - position);
            if (chunk == null) {
                chunk = new byte[wanted];
            }
            int n = LargeObjects.this.read(oid, position, chunk, wanted);
            if (n <= 0) {
                throw new IOException("large object " + oid + " ends before " + end);
            }
            position += n;
            at = 0;
            filled = n;
            return true;
        }
    }
}
