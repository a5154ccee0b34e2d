package com.flashcart.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.flashcart.common.db.PrimaryPools;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.KafkaTopics;
import com.flashcart.support.PortForward;
import com.flashcart.support.TopicReader.Received;
import com.flashcart.support.TopicReader;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relay's producer points at a port where no broker listens (the shared broker is never stopped). Payments
 * go on, their events wait in the outbox, the relay backs off, readiness stays UP; once the port forwards to the
 * real broker every waiting event arrives, each once.
 */
@QuarkusTest
@TestProfile(KafkaDownTest.UnreachableKafka.class)
@QuarkusTestResource(KafkaTopics.class)
class KafkaDownTest {

    static final int DEAD_PORT = PortForward.freePort();

    public static class UnreachableKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.outbox-events.bootstrap.servers", "127.0.0.1:" + DEAD_PORT,
                    "mp.messaging.outgoing.outbox-events.max.block.ms", "1000");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    RelayWorker worker;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Test
    void eventsWaitWhileKafkaIsUnreachableAndAllArriveOnceWhenItIsBack() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int tx = 0; tx < 5; tx++) {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 5; i++) {
                    PaymentCompleted e = TestEvents.paid(TestEvents.newOrderId(), 300);
                    TestEvents.add(outbox, e);
                    ids.add(e.eventId());
                }
            });
        }

        // the relay keeps failing and backs off; nothing was handed to Kafka, nothing marked
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> worker.state().failuresInARow() >= 4);
        assertEquals(25, count("published_at IS NULL AND event_id IN (" + quoted(ids) + ")"));
        assertEquals(0, count("attempts > 0 AND event_id IN (" + quoted(ids) + ")"), "no send attempted blind");
        assertEquals(Duration.ofMillis(200), worker.backoff(1));
        assertEquals(Duration.ofMillis(800), worker.backoff(3));
        assertEquals(Duration.ofSeconds(2), worker.backoff(10), "capped at backoff-max");

        // the instance stays in the balancer; the dependencies group says what is wrong
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/group/dependencies")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'outbox-relay' }.data.kafka", equalTo("unreachable"))
                .body("checks.find { it.name == 'outbox-relay' }.data.pending", greaterThanOrEqualTo(25));

        try (PortForward kafkaIsBack = new PortForward(DEAD_PORT, Integer.parseInt(
                KafkaTopics.bootstrapServers().substring(KafkaTopics.bootstrapServers().lastIndexOf(':') + 1)))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count("published_at IS NULL AND event_id IN (" + quoted(ids) + ")") == 0);
            List<Received> records = TopicReader.withEventIds(KafkaTopics.paymentCompleted(), ids);
            assertEquals(25, records.size(), "every waiting event, none twice");
            assertEquals(ids, records.stream().map(Received::eventIdHeader).collect(Collectors.toSet()));
            assertEquals(0, worker.state().failuresInARow());
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                    .when().get("/q/health/group/dependencies")
                    .then().body("checks.find { it.name == 'outbox-relay' }.data.kafka", equalTo("reachable")));
        }
        assertTrue(worker.state().lastSuccess() != null);
    }

    private long count(String condition) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM outbox_event WHERE " + condition);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String quoted(Set<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }
}
