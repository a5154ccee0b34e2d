package com.flashcart.order.rest;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.flashcart.common.http.EmptyBody;
import com.flashcart.common.security.CurrentUser;
import com.flashcart.order.OrderDetails;
import com.flashcart.order.OrderQueries;
import com.flashcart.order.OrderService;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class OrderResource {

    /** The contract answers a cancellation with the order's id and status only. */
    public record Cancelled(long id, String status) {
    }

    @Inject
    CurrentUser user;

    @Inject
    OrderService orders;

    @Inject
    OrderQueries queries;

    @Inject
    EmptyBody emptyBody;

    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<OrderDetails> place(@Valid @NotNull OrderService.PlaceOrder request,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key) {
        // answers on the event loop when the stock gate refuses: see OrderService.placeLater
        return orders.placeLater(user.id(), key, request);
    }

    @GET
    @Path("/orders/{id}")
    public OrderDetails order(@PathParam("id") @Min(1) long id) {
        return queries.order(user.id(), id);
    }

    @POST
    @Path("/orders/{id}/cancel")
    public Cancelled cancel(@PathParam("id") @Min(1) long id,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key, String body) {
        emptyBody.check(body);
        OrderDetails order = orders.cancel(user.id(), key, id);
        return new Cancelled(order.id(), order.status());
    }

    @GET
    @Path("/me/orders")
    public OrderQueries.Page mine(@QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("cursor") @Size(max = 64) String cursor) {
        return queries.page(user.id(), size, cursor);
    }
}
