package com.flashcart;

import com.flashcart.catalog.ProductCatalog;
import com.flashcart.common.error.Problem;
import com.flashcart.order.OrderDetails;
import com.flashcart.order.rest.OrderResource;
import com.flashcart.outbox.PaymentEvents;
import com.flashcart.payment.rest.PaymentResource;
import com.flashcart.point.rest.PointResource;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes outside the REST layer's own (de)serialisation, which Quarkus registers by itself:
 * outbox event payloads, answers stored and replayed by Idempotency (and the request bodies it hashes), and the
 * records the Redis product cache keeps. A native executable needs them registered for reflection.
 */
@RegisterForReflection(targets = {
        PaymentEvents.PaymentCompleted.class, PaymentEvents.OrderCancelled.class, PaymentEvents.Item.class,
        Problem.class, Problem.FieldError.class,
        PointResource.ChargeRequest.class, PointResource.ChargeResponse.class,
        OrderResource.PlaceOrder.class, OrderResource.Line.class, OrderDetails.class, OrderDetails.Item.class,
        PaymentResource.PaymentResponse.class,
        ProductCatalog.ProductData.class, ProductCatalog.Page.class, ProductCatalog.Lookup.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
