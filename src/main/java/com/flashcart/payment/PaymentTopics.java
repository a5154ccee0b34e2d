package com.flashcart.payment;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.flashcart.outbox.OutboxTopic;

/** The topic payment publishes to (configurable, so tests and environments can have their own). */
@Singleton
public class PaymentTopics {

    @ConfigProperty(name = "flashcart.events.payment-completed-topic", defaultValue = "payment-completed")
    String paymentCompleted;

    public String paymentCompleted() {
        return paymentCompleted;
    }

    @Produces
    @Singleton
    OutboxTopic paymentCompletedTopic() {
        return new OutboxTopic(paymentCompleted);
    }
}
