package com.flashcart.common.db;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.mysql.cj.jdbc.JdbcConnection;

import io.agroal.api.AgroalPoolInterceptor;

/**
 * The primary has two connection pools, each in one mode so that no connection ever switches (docs/architecture.md,
 * "Reaching the database"):
 * <ul>
 * <li>the default datasource, for JTA transactions (Hibernate, {@link Transactions}) and the outbox relay's own
 * transaction: its connections have autocommit off from the start. Agroal switches a connection's autocommit off
 * when a transaction enlists it and back on when it is returned; with Connector/J that is a {@code SET autocommit}
 * statement each way, two of the four or five statements a point charge takes. Here the switch never happens.</li>
 * <li>{@link #AUTOCOMMIT}, for single statements outside any transaction (stock gate loads, the refusals of a
 * flash sale and their records, the replica heartbeat, the outbox lag and cleanup): non-transactional, autocommit
 * on, as every statement commits itself.</li>
 * </ul>
 * This interceptor keeps the default pool's invariant: a connection is idle only with autocommit off and no
 * transaction open. A connection Agroal has just reset to autocommit (its configured default, after a borrower
 * such as Flyway changed it) is switched off again, and work left open by a borrower outside a JTA transaction (a
 * Hibernate read with no transaction, a forgotten commit) is rolled back, as HikariCP and Connector/J's own
 * pooling do: it must neither hold its locks nor lend its snapshot to the next borrower's transaction. Writes
 * outside a transaction therefore belong to {@link #AUTOCOMMIT}.
 */
@ApplicationScoped
public class PrimaryPools implements AgroalPoolInterceptor {

    /** The name of the primary's autocommit datasource. */
    public static final String AUTOCOMMIT = "autocommit";

    private static final Logger LOG = Logger.getLogger(PrimaryPools.class);

    @Override
    public void onConnectionCreate(Connection connection) {
        makeIdle(connection);
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        makeIdle(connection);
    }

    /**
     * The rollback goes through the pool's wrapper, which retires the connection if it fails; the autocommit switch
     * goes to the driver's connection itself, so that the pool does not count it as a change to undo on return.
     */
    private static void makeIdle(Connection connection) {
        try {
            JdbcConnection raw = connection.unwrap(JdbcConnection.class);
            if (raw.getSession().getServerSession().inTransactionOnServer()) {
                LOG.debug("A connection came back with a transaction open outside JTA: rolled back");
                connection.rollback();
            }
            if (raw.getAutoCommit()) {
                raw.setAutoCommit(false);
            }
        } catch (SQLException e) {
            // a connection left in autocommit still works (a transaction switches it); a failed rollback retired it
            LOG.debugf("Could not prepare a pooled connection: %s", e.getMessage());
        }
    }
}
