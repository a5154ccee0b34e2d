package com.flashcart.common.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import com.flashcart.common.db.NetworkTimeout;
import com.flashcart.common.db.ReadSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.health.api.HealthGroup;
import io.quarkus.agroal.DataSource;

/**
 * The shared dependencies that do not decide readiness: the replica and Redis. Each instance reports them at
 * {@code /q/health/group/dependencies} for dashboards and alarms, but a replica or Redis outage hits every
 * instance alike, so it must not take them all out of the load balancer (readiness is the primary alone).
 */
public class DependenciesHealth {

    static final String GROUP = "dependencies";

    @ApplicationScoped
    @HealthGroup(GROUP)
    public static class Replica implements HealthCheck {

        @Inject
        @DataSource(ReadSource.REPLICA)
        AgroalDataSource replica;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("replica");
            try (Connection c = replica.getConnection();
                    NetworkTimeout limit = NetworkTimeout.of(c, Duration.ofSeconds(2));
                    Statement s = c.createStatement()) {
                response.up();
                try (ResultSet status = s.executeQuery("SHOW REPLICA STATUS")) {
                    if (status.next()) {
                        response.withData("io", status.getString("Slave_IO_Running"))
                                .withData("sql", status.getString("Slave_SQL_Running"));
                        String lag = status.getString("Seconds_Behind_Master");
                        response.withData("secondsBehindPrimary", lag == null ? "unknown" : lag);
                        if (lag == null) {
                            response.down();
                        }
                    }
                } catch (java.sql.SQLException noPrivilegeOrSyntax) {
                    response.withData("replication", "status not visible to this user");
                }
            } catch (Exception e) {
                response.down().withData("error", e.getClass().getSimpleName());
            }
            return response.build();
        }
    }

    @ApplicationScoped
    @HealthGroup(GROUP)
    public static class Redis implements HealthCheck {

        private static final Duration TIMEOUT = Duration.ofSeconds(2);

        @Inject
        RedisDataSource redis;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("redis");
            try {
                redis.getReactive().execute("PING").await().atMost(TIMEOUT);
                response.up();
            } catch (Exception e) {
                response.down().withData("error", e.getClass().getSimpleName());
            }
            return response.build();
        }
    }
}
