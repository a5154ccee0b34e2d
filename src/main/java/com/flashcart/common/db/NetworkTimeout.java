package com.flashcart.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A time limit for the short checks that must not hang on a stalled database (health, replica heartbeat), set on
 * the connection's socket for as long as this is open and then put back, as the connection returns to the pool.
 * Not {@code Statement.setQueryTimeout}: for that, Connector/J starts a "MySQL Statement Cancellation Timer" thread
 * per connection, which stays for the connection's life: with pools of 40, dozens of idle threads per instance.
 */
public final class NetworkTimeout implements AutoCloseable {

    /** Connector/J sets the socket's timeout in the executor it is given; nothing to hand to another thread. */
    private static final Executor INLINE = Runnable::run;

    private final Connection connection;
    private final int before;

    private NetworkTimeout(Connection connection, int before) {
        this.connection = connection;
        this.before = before;
    }

    public static NetworkTimeout of(Connection connection, Duration limit) throws SQLException {
        NetworkTimeout timeout = new NetworkTimeout(connection, connection.getNetworkTimeout());
        connection.setNetworkTimeout(INLINE, Math.toIntExact(limit.toMillis()));
        return timeout;
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.setNetworkTimeout(INLINE, before);
        }
    }
}
