package com.flashcart.coupon;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;


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

    /** Issues one coupon to the user, or refuses with SOLD_OUT, ALREADY_ISSUED, NOT_FOUND, RATE_LIMITED or UNAVAILABLE. */
    @ActivateRequestContext
    public Issued issue(long couponId, long userId) {
        Coupons.Terms terms = coupons.terms(couponId);
        if (!Instant.now(clock).isBefore(terms.validUntil())) {
            throw new ProblemException(ErrorCode.COUPON_NOT_USABLE, "The coupon has expired");
        }
        rateLimit.check(userId);
        switch (gate.take(couponId, userId)) {
            case SOLD_OUT -> throw soldOut();
            case ALREADY_HOLDS -> throw alreadyIssued();
            case TAKEN -> {
            }
        }
        try {
            return recorder.record(terms, userId);
        } catch (ProblemException e) {
            if (e.code() != ErrorCode.COUPON_ALREADY_ISSUED) {
                gate.giveBack(couponId, userId);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            gate.giveBack(couponId, userId);
            throw e;
        }
    }

    static ProblemException soldOut() {
        return new ProblemException(ErrorCode.COUPON_SOLD_OUT, "All coupons of this kind have been issued");
    }

    static ProblemException alreadyIssued() {
        return new ProblemException(ErrorCode.COUPON_ALREADY_ISSUED, "This user already holds this coupon");
    }
}
