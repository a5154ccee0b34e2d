package com.flashcart.common.db;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The health and heartbeat checks' time limit: it stops a stalled statement, and it starts no timer threads. */
@QuarkusTest
class NetworkTimeoutTest {

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    @Inject
    ReplicaMonitor monitor;

    @Test
    void aStatementOverTheLimitFailsAndTheConnectionGetsItsTimeoutBack() throws Exception {
        try (Connection c = primary.getConnection()) {
            try (NetworkTimeout limit = NetworkTimeout.of(c, Duration.ofMillis(300));
                    Statement s = c.createStatement()) {
                assertEquals(300, c.getNetworkTimeout());
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT SLEEP(5)"));
            }
        }
        try (Connection c = primary.getConnection();
                NetworkTimeout limit = NetworkTimeout.of(c, Duration.ofSeconds(2));
                Statement s = c.createStatement()) {
            assertTrue(s.executeQuery("SELECT 1").next(), "a fresh connection works within the limit");
        }
        try (Connection c = primary.getConnection()) {
            int before = c.getNetworkTimeout();
            try (NetworkTimeout limit = NetworkTimeout.of(c, Duration.ofSeconds(2))) {
                assertEquals(2_000, c.getNetworkTimeout());
            }
            assertEquals(before, c.getNetworkTimeout(), "put back before the pool gets the connection again");
        }
    }

    /** Statement.setQueryTimeout would leave a Connector/J timer thread behind per pooled connection. */
    @Test
    void theChecksLeaveNoCancellationTimerThreads() {
        for (int i = 0; i < 5; i++) {
            monitor.measure();
            given().get("/q/health/group/dependencies").then().statusCode(200);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("MySQL Statement Cancellation Timer")),
                "no statement cancellation timer threads");
    }
}
