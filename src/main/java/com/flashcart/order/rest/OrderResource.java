package com.flashcart.order.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
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
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.order.OrderDetails;
import com.flashcart.order.OrderQueries;
import com.flashcart.order.OrderService;
import com.flashcart.session.CurrentUser;

import io.quarkus.security.Authenticated;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class OrderResource {

    public record Line(@NotNull @Min(1) Long productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    public record PlaceOrder(@NotEmpty @Size(max = 50) List<@Valid @NotNull Line> items, @Min(1) Long userCouponId) {
    }

    public record OrderPage(List<OrderDetails> items, String nextCursor) {
    }

    public record Cancelled(long id, String status) {
    }

    @Inject
    CurrentUser user;

    @Inject
    OrderService orders;

    @Inject
    OrderQueries queries;

    @Inject
    Idempotency idempotency;

    @Inject
    EmptyBody emptyBody;

    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public OrderDetails place(@Valid @NotNull PlaceOrder request,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key) {
        long userId = user.id();
        List<OrderService.LineRequest> lines = request.items().stream()
                .map(l -> new OrderService.LineRequest(l.productId(), l.quantity()))
                .toList();
        return idempotency.run(new IdempotentRequest(userId, key, "order.place", request), OrderDetails.class,
                () -> orders.place(userId, lines, request.userCouponId()));
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
        long userId = user.id();
        OrderDetails order = idempotency.run(new IdempotentRequest(userId, key, "order.cancel:" + id, id),
                OrderDetails.class, () -> orders.cancel(userId, id));
        return new Cancelled(order.id(), order.status());
    }

    @GET
    @Path("/me/orders")
    public OrderPage mine(@QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("cursor") @Size(max = 64) String cursor) {
        OrderQueries.Page page = queries.page(user.id(), size, cursor);
        return new OrderPage(page.items(), page.nextCursor());
    }
}
