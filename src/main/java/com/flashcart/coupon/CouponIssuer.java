package com.flashcart.coupon;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * First-come-first-served issuance. Redis decides quickly who may try ({@link CouponGate}); the database is the
 * source of truth: one transaction raises {@code issued_quantity} only while it is below the total (affected
 * rows checked) and inserts the user's coupon under the unique (coupon, user) key. A Redis grant the database
 * refuses or cannot record is given back. So however Redis and the database disagree, no coupon is issued beyond
 * its total and no user holds two.
 */
@ApplicationScoped
public class CouponIssuer {

    private static final int CONFLICT_ATTEMPTS = 3;

    public record Issued(long userCouponId, long couponId, String status, Instant expiresAt) {
    }

    @Inject
    Coupons coupons;

    @Inject
    CouponGate gate;

    @Inject
    IssueRateLimit rateLimit;

    @Inject
    EntityManager em;

    @Inject
    WriteFence fence;

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
            return record(terms, userId);
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

    private Issued record(Coupons.Terms terms, long userId) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> insert(terms, userId));
            } catch (ProblemException e) {
                throw e;
            } catch (RuntimeException e) {
                if (SqlErrors.isDuplicateKey(e)) {
                    // the database already has this user's coupon (Redis had lost it): the Redis grant stays
                    throw alreadyIssued();
                }
                if (!SqlErrors.isRetryableConflict(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Issued insert(Coupons.Terms terms, long userId) {
        // the coupon row first: its lock orders the issuers, and the insert's foreign-key check then needs no other lock
        int raised = em.createNativeQuery("""
                UPDATE coupon SET issued_quantity = issued_quantity + 1
                WHERE id = ?1 AND issued_quantity < total_quantity""")
                .setParameter(1, terms.id())
                .executeUpdate();
        if (raised != 1) {
            throw soldOut();
        }
        UserCoupon coupon = new UserCoupon();
        coupon.couponId = terms.id();
        coupon.userId = userId;
        coupon.status = UserCoupon.AVAILABLE;
        coupon.issuedAt = Instant.now(clock);
        coupon.expiresAt = terms.validUntil();
        coupon.persistAndFlush();
        fence.afterCommit(userId);
        return new Issued(coupon.id, terms.id(), coupon.status, coupon.expiresAt);
    }

    private static ProblemException soldOut() {
        return new ProblemException(ErrorCode.COUPON_SOLD_OUT, "All coupons of this kind have been issued");
    }

    private static ProblemException alreadyIssued() {
        return new ProblemException(ErrorCode.COUPON_ALREADY_ISSUED, "This user already holds this coupon");
    }
}
