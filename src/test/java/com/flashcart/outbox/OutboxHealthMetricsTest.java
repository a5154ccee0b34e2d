package com.flashcart.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.flashcart.support.KafkaTopics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The relay's lag is exported to Prometheus and reported in the dependencies group, never in readiness. */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class OutboxHealthMetricsTest {

    @Inject
    Outbox outbox;

    @Inject
    RelayWorker worker;

    @Test
    void lagGaugesFollowThePendingRows() {
        worker.pause();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 3; i++) {
                    TestEvents.add(outbox, TestEvents.paid(TestEvents.newOrderId(), 10));
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gauge("flashcart_outbox_pending_rows") >= 3
                    && gauge("flashcart_outbox_oldest_pending_age_seconds") >= 1);
        } finally {
            worker.resume();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gauge("flashcart_outbox_pending_rows") == 0
                && gauge("flashcart_outbox_oldest_pending_age_seconds") == 0);
        assertTrue(gauge("flashcart_outbox_published_total") >= 3);
    }

    @Test
    void dependenciesGroupReportsTheRelayAndKafka() {
        given().when().get("/q/health/group/dependencies")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("outbox-relay"))
                .body("checks.find { it.name == 'outbox-relay' }.data.kafka", equalTo("reachable"))
                .body("checks.find { it.name == 'outbox-relay' }.data.pending", equalTo(0));
    }

    @Test
    void readinessIsThePrimaryAloneAndNoProbeHasAKafkaCheck() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", equalTo(List.of("Database connections health check")));
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", everyItem(not(containsStringIgnoringCase("messaging"))))
                .body("checks.name", everyItem(not(containsStringIgnoringCase("kafka"))))
                .body("checks.name", not(hasItem("outbox-relay")));
    }

    private static double gauge(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), name + " exported");
        double value = Double.parseDouble(m.group(2));
        assertEquals(false, m.find(), "one series of " + name);
        return value;
    }
}
