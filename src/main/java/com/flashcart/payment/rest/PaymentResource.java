package com.flashcart.payment.rest;

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
import com.flashcart.common.security.CurrentUser;
import com.flashcart.payment.PaymentService;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/orders/{id}/payment")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PaymentResource {

    @Inject
    CurrentUser user;

    @Inject
    PaymentService payments;

    @Inject
    EmptyBody emptyBody;

    /** The body is nothing or {@code {}} (shared/API.md): the order id says everything, but a broken body is a 400. */
    @POST
    public Uni<PaymentService.Receipt> pay(@PathParam("id") @Min(1) long orderId,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key, String body) {
        // answers on the event loop when the payment's batch commits: see PaymentService.payLater
        emptyBody.check(body);
        return payments.payLater(user.id(), key, orderId);
    }
}
