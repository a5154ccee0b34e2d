package com.flashcart.order;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.flashcart.outbox.OutboxTopic;

/** The topic order publishes to (configurable, so tests and environments can have their own). */
@Singleton
public class OrderTopics {

    @ConfigProperty(name = "flashcart.events.order-cancelled-topic", defaultValue = "order-cancelled")
    String orderCancelled;

    public String orderCancelled() {
        return orderCancelled;
    }

    @Produces
    @Singleton
    OutboxTopic orderCancelledTopic() {
        return new OutboxTopic(orderCancelled);
    }
}
