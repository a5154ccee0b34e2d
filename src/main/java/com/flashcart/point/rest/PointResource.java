package com.flashcart.point.rest;

import java.time.Instant;
import java.util.List;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.point.PointHistory;
import com.flashcart.point.Wallet;
import com.flashcart.session.CurrentUser;

import io.quarkus.security.Authenticated;

@Path("/api/v1/me/points")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PointResource {

    public record BalanceResponse(long userId, long balance) {
    }

    public record ChargeRequest(@NotNull @Min(1) @Max(1_000_000) Long amount) {
    }

    public record ChargeResponse(long userId, long balance, long chargedAmount) {
    }

    public record HistoryItem(long id, String type, long amount, long balanceAfter, Long orderId, Instant createdAt) {
    }

    public record HistoryPage(List<HistoryItem> items, String nextCursor) {
    }

    @Inject
    CurrentUser user;

    @Inject
    Wallet wallet;

    @Inject
    PointHistory history;

    @Inject
    Idempotency idempotency;

    @GET
    public BalanceResponse balance() {
        return new BalanceResponse(user.id(), wallet.balance(user.id()));
    }

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    public ChargeResponse charge(@Valid @NotNull ChargeRequest request,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key) {
        long userId = user.id();
        return idempotency.run(new IdempotentRequest(userId, key, "points.charge", request), ChargeResponse.class, () -> {
            Wallet.Change change = wallet.charge(userId, request.amount());
            return new ChargeResponse(userId, change.balance(), change.amount());
        });
    }

    @GET
    @Path("/history")
    public HistoryPage history(@QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("cursor") @Size(max = 64) String cursor) {
        PointHistory.Page page = history.page(user.id(), size, cursor);
        return new HistoryPage(page.items().stream()
                .map(e -> new HistoryItem(e.id, e.type, e.amount, e.balanceAfter, e.orderId, e.createdAt))
                .toList(), page.nextCursor());
    }
}
