package com.flashcart.point;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import com.flashcart.common.error.ProblemException;
import com.flashcart.common.http.OffEventLoop;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The points use cases: charging, in one transaction (through {@link Idempotency}) on the primary, alone or with the
 * charges that arrive together ({@link ChargeBatches}).
 */
@ApplicationScoped
public class PointService {

    @Inject
    Idempotency idempotency;

    @Inject
    Wallet wallet;

    @Inject
    ChargeBatches batches;

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

    /**
     * Charges the wallet: with the charges waiting at the same moment ({@link ChargeBatches}), else alone, under the
     * request's Idempotency-Key either way. Called on the event loop: a charge that its batch commits holds no thread
     * while it waits and is answered there; one that goes alone (refused, a repeat, its batch rolled back) runs on a
     * worker thread.
     */
    public Uni<Charged> chargeLater(long userId, String idempotencyKey, Charge charge) {
        IdempotentRequest request = new IdempotentRequest(userId, idempotencyKey, "points.charge", charge);
        ProblemException invalid = idempotency.invalidKey(request);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return OffEventLoop.resume(() -> batches.submit(request, charge.amount()))
                .chain(charged -> charged != null ? Uni.createFrom().item(charged)
                        : OffEventLoop.call(() -> chargeAlone(request, charge)));
    }

    /** A charge alone, in its own transaction, on the calling thread (never the event loop). */
    private Charged chargeAlone(IdempotentRequest request, Charge charge) {
        return idempotency.run(request, Charged.class, () -> {
            Wallet.Change change = wallet.charge(request.userId(), charge.amount());
            return new Charged(request.userId(), change.balance(), change.amount());
        });
    }

    public Balance balance(long userId) {
        return new Balance(userId, wallet.balance(userId));
    }
}
