package com.flashcart.coupon;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * First-come-first-served issuance. Redis decides quickly who may try ({@link CouponGate}); the database is the
 * source of truth ({@link IssueRecorder}): a conditional update raises {@code issued_quantity} only while it stays
 * within the total (affected rows checked) and the user's coupon is inserted under the unique (coupon, user) key.
 * A Redis grant the database refuses or cannot record is given back. So however Redis and the database disagree,
 * no coupon is issued beyond its total and no user holds two.
 */
@ApplicationScoped
public class CouponIssuer {

    public record Issued(long userCouponId, long couponId, String status, Instant expiresAt) {
    }

    @Inject
    Coupons coupons;

    @Inject
    CouponGate gate;

    @Inject
    IssueRateLimit rateLimit;

    @Inject
    IssueRecorder recorder;

    @Inject
    Clock clock;

    /**
     * Issues one coupon to the user, or refuses with SOLD_OUT, ALREADY_ISSUED, NOT_FOUND, RATE_LIMITED or
     * UNAVAILABLE, without blocking: during a burst almost every request is refused by Redis alone, so the usual
     * path is one Redis call (the decision and the rate limit in one script) made from the event loop, with no
     * worker thread involved. A grant waits for the database's group commit ({@link IssueRecorder}) the same way.
     * Only what needs the database directly (the coupon's terms the first time, loading its Redis state) runs on a
     * worker.
     */
    public Uni<Issued> issueLater(long couponId, long userId) {
        Coupons.Terms known = coupons.knownTerms(couponId);
        Uni<Coupons.Terms> terms = known != null ? Uni.createFrom().item(known)
                : Uni.createFrom().item(() -> coupons.terms(couponId))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return terms.chain(t -> issue(t, userId));
    }

    /** {@link #issueLater}, waited for on the calling thread (never the event loop). */
    public Issued issue(long couponId, long userId) {
        return issueLater(couponId, userId).await().indefinitely();
    }

    private Uni<Issued> issue(Coupons.Terms terms, long userId) {
        long couponId = terms.id();
        if (!Instant.now(clock).isBefore(terms.validUntil())) {
            return Uni.createFrom().failure(expired());
        }
        return gate.take(couponId, userId)
                .chain(decision -> switch (decision) {
                    case SOLD_OUT -> Uni.createFrom().failure(soldOut());
                    case ALREADY_HOLDS -> Uni.createFrom().failure(alreadyIssued());
                    case RATE_LIMITED -> Uni.createFrom().failure(rateLimit.refusal());
                    case TAKEN -> Uni.createFrom().completionStage(() -> recorder.submit(terms, userId))
                            .ifNoItem().after(IssueRecorder.WAIT).failWith(IssueRecorder::notInTime)
                            .onFailure().call(e -> keepsGrant(e) ? Uni.createFrom().voidItem()
                                    : gate.giveBack(couponId, userId));
                });
    }

    /** A refusal that says the user already holds the coupon leaves the Redis grant in place; any other undoes it. */
    private static boolean keepsGrant(Throwable failure) {
        return failure instanceof ProblemException e && e.code() == ErrorCode.COUPON_ALREADY_ISSUED;
    }

    static ProblemException expired() {
        return new ProblemException(ErrorCode.COUPON_NOT_USABLE, "The coupon has expired");
    }

    static ProblemException soldOut() {
        return new ProblemException(ErrorCode.COUPON_SOLD_OUT, "All coupons of this kind have been issued");
    }

    static ProblemException alreadyIssued() {
        return new ProblemException(ErrorCode.COUPON_ALREADY_ISSUED, "This user already holds this coupon");
    }
}
