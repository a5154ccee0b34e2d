package com.flashcart.point;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The points use cases: charging, in one transaction (through {@link Idempotency}) on the primary. */
@ApplicationScoped
public class PointService {

    @Inject
    Idempotency idempotency;

    @Inject
    Wallet wallet;

    /** How much to charge: 1 to 1,000,000 points at a time. */
    @RegisterForReflection
    public record Charge(@NotNull @Min(1) @Max(1_000_000) Long amount) {
    }

    /** The answer to a charge (shared/API.md: {@code POST /api/v1/me/points/charges}). */
    @RegisterForReflection
    public record Charged(long userId, long balance, long chargedAmount) {
    }

    /** The balance of a wallet (shared/API.md: {@code GET /api/v1/me/points}). */
    public record Balance(long userId, long balance) {
    }

    public Charged charge(long userId, String idempotencyKey, Charge charge) {
        return idempotency.run(new IdempotentRequest(userId, idempotencyKey, "points.charge", charge), Charged.class,
                () -> {
                    Wallet.Change change = wallet.charge(userId, charge.amount());
                    return new Charged(userId, change.balance(), change.amount());
                });
    }

    public Balance balance(long userId) {
        return new Balance(userId, wallet.balance(userId));
    }
}
