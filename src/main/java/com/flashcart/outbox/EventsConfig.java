package com.flashcart.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.events")
public interface EventsConfig {

    /** Topic of PaymentCompleted events. */
    @WithDefault("payment-completed")
    String paymentCompletedTopic();

    /** Topic of OrderCancelled events. */
    @WithDefault("order-cancelled")
    String orderCancelledTopic();
}
