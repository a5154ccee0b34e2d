package com.flashcart.payment.rest;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.common.http.EmptyBody;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.payment.PaymentService;
import com.flashcart.session.CurrentUser;

import io.quarkus.security.Authenticated;

@Path("/api/v1/orders/{id}/payment")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PaymentResource {

    public record PaymentResponse(long orderId, long paymentId, String status, long paidAmount, Instant paidAt) {
    }

    @Inject
    CurrentUser user;

    @Inject
    PaymentService payments;

    @Inject
    Idempotency idempotency;

    @Inject
    EmptyBody emptyBody;

    /** The body is nothing or {@code {}} (shared/API.md): the order id says everything, but a broken body is a 400. */
    @POST
    public PaymentResponse pay(@PathParam("id") @Min(1) long orderId,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key, String body) {
        emptyBody.check(body);
        long userId = user.id();
        return idempotency.run(new IdempotentRequest(userId, key, "order.pay:" + orderId, orderId),
                PaymentResponse.class, () -> {
                    PaymentService.Receipt r = payments.pay(userId, orderId);
                    return new PaymentResponse(r.orderId(), r.paymentId(), r.status(), r.paidAmount(), r.paidAt());
                });
    }
}
