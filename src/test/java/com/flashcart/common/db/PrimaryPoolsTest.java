package com.flashcart.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The primary's pools: transactions that switch no autocommit, and nothing left open on an idle connection. */
@QuarkusTest
class PrimaryPoolsTest {

    @Inject
    AgroalDataSource transactional;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource autocommit;

    @Inject
    EntityManager em;

    /** The session's (connection id, SET statements so far), read in a transaction of its own. */
    private long[] sessionInTransaction() {
        return Transactions.inNew(() -> em.unwrap(Session.class).doReturningWork(c -> new long[] {
                single(c, "SELECT CONNECTION_ID()"), single(c, "SELECT VARIABLE_VALUE FROM"
                        + " information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'COM_SET_OPTION'") }));
    }

    /**
     * Two transactions one after the other on this thread's connection: with Agroal's switching there would be a
     * {@code SET autocommit=1} after the first and a {@code SET autocommit=0} before the second.
     */
    @Test
    void aTransactionSendsNoAutocommitSwitches() {
        sessionInTransaction(); // a connection that may predate the pool's interceptor is put right on its return
        long[] first = sessionInTransaction();
        long[] second = sessionInTransaction();
        assertEquals(first[0], second[0], "the thread's cached connection serves both transactions");
        assertEquals(first[1], second[1], "SET statements between the two transactions");
    }

    @Test
    void idleConnectionsOfTheTransactionalPoolHaveAutocommitOff() throws SQLException {
        try (Connection c = transactional.getConnection()) {
            assertFalse(c.getAutoCommit());
        }
        try (Connection c = autocommit.getConnection()) {
            assertTrue(c.getAutoCommit());
        }
    }

    /** A write left uncommitted outside JTA is rolled back as the connection returns, not lent to the next user. */
    @Test
    void workLeftOpenOutsideATransactionIsRolledBackOnReturn() throws SQLException {
        int id = ThreadLocalRandom.current().nextInt(1_000_000, 2_000_000);
        long connectionId;
        try (Connection c = transactional.getConnection(); Statement s = c.createStatement()) {
            connectionId = single(c, "SELECT CONNECTION_ID()");
            s.executeUpdate("INSERT INTO replica_heartbeat (id, ts) VALUES (" + id + ", UTC_TIMESTAMP(6))");
        }
        try (Connection c = transactional.getConnection()) {
            assertEquals(connectionId, single(c, "SELECT CONNECTION_ID()"), "the same connection, borrowed again");
            c.commit(); // would make the insert permanent had its transaction been left open
        }
        try (Connection c = autocommit.getConnection()) {
            assertEquals(0, single(c, "SELECT COUNT(*) FROM replica_heartbeat WHERE id = " + id));
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next());
            return r.getLong(1);
        }
    }
}
