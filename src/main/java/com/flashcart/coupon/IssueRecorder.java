package com.flashcart.coupon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Records Redis-granted coupons in the database with group commits. During a burst, every grant would otherwise
 * queue for the coupon row's lock, held through each commit's log flush, so issuance would run at one flush per
 * coupon. Instead the grants waiting for one coupon are written together: one conditional
 * {@code UPDATE coupon SET issued_quantity = issued_quantity + n WHERE issued_quantity + n <= total_quantity}
 * (affected rows checked) and one multi-row insert under the unique (coupon, user) key, in one transaction. If
 * the batch does not fit whole (too few left, or a user the database already knows), its grants are recorded one
 * at a time instead, each with its own conditional update, so the answers are exactly those of single writes.
 */
@ApplicationScoped
public class IssueRecorder {

    private static final Logger LOG = Logger.getLogger(IssueRecorder.class);
    private static final int MAX_BATCH = 500;
    /** The longest a request waits for its grant to be recorded. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private record Grant(Coupons.Terms terms, long userId, CompletableFuture<CouponIssuer.Issued> answer) {
    }

    private final GroupCommit<Grant, Long> commits = new GroupCommit<>("coupon-issue-writer", MAX_BATCH,
            grant -> grant.terms().id(), this::writeBatch, (grant, e) -> grant.answer().completeExceptionally(e));

    @Inject
    EntityManager em;

    @Inject
    WriteFence fence;

    @Inject
    Clock clock;

    void start(@Observes StartupEvent start) {
        commits.start();
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is
     * (a pre-destroy callback would race the datasources' own).
     */
    void stop(@Observes ShutdownEvent stop) {
        commits.stop();
    }

    static ProblemException notInTime() {
        return new ProblemException(ErrorCode.UNAVAILABLE, "The coupon could not be recorded in time",
                Duration.ofSeconds(1));
    }

    /**
     * Queues the grant for the next group commit without waiting: the answer completes with the issued coupon or
     * the database's refusal. A caller that stops waiting (see {@link #WAIT}) leaves the grant queued.
     */
    public CompletableFuture<CouponIssuer.Issued> submit(Coupons.Terms terms, long userId) {
        CompletableFuture<CouponIssuer.Issued> answer = new CompletableFuture<>();
        commits.submit(new Grant(terms, userId, answer));
        return answer;
    }

    void writeBatch(List<Grant> grants) {
        if (grants.size() > 1) {
            try {
                Map<Long, Long> ids = Transactions.inNew(() -> insertAll(grants));
                if (ids != null) {
                    for (Grant grant : grants) {
                        grant.answer().complete(issued(grant, ids.get(grant.userId())));
                    }
                    return;
                }
            } catch (RuntimeException e) {
                if (!SqlErrors.isDuplicateKey(e) && !SqlErrors.isRetryableConflict(e)) {
                    LOG.debugf("Batch of %d grants not written together: %s", grants.size(), e.getMessage());
                }
            }
        }
        for (Grant grant : grants) {
            try {
                grant.answer().complete(recordOne(grant));
            } catch (RuntimeException e) {
                grant.answer().completeExceptionally(e);
            }
        }
    }

    /** The whole batch in one transaction, or null (nothing written) when it does not fit whole. */
    private Map<Long, Long> insertAll(List<Grant> grants) {
        Coupons.Terms terms = grants.get(0).terms();
        int raised = em.createNativeQuery("""
                UPDATE coupon SET issued_quantity = issued_quantity + ?1
                WHERE id = ?2 AND issued_quantity + ?1 <= total_quantity""")
                .setParameter(1, grants.size())
                .setParameter(2, terms.id())
                .executeUpdate();
        if (raised != 1) {
            return Transactions.rollBackWith(null);
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO user_coupon (coupon_id, user_id, status, issued_at, expires_at) VALUES ");
        for (int i = 0; i < grants.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(i + 4).append(", ?2, ?3, ?").append(grants.size() + 4)
                    .append(')');
        }
        var insert = em.createNativeQuery(sql.toString())
                .setParameter(1, terms.id())
                .setParameter(2, UserCoupon.AVAILABLE)
                .setParameter(3, Instant.now(clock))
                .setParameter(grants.size() + 4, terms.validUntil());
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            insert.setParameter(i + 4, grants.get(i).userId());
            users.add(grants.get(i).userId());
        }
        insert.executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT user_id, id FROM user_coupon WHERE coupon_id = ?1 AND user_id IN (?2)")
                .setParameter(1, terms.id())
                .setParameter(2, users)
                .getResultList();
        Map<Long, Long> ids = new HashMap<>();
        for (Object[] row : rows) {
            ids.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        fence.afterCommit(users);
        return ids;
    }

    private CouponIssuer.Issued recordOne(Grant grant) {
        try {
            return Transactions.inNew(() -> insertOne(grant));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                // the database already has this user's coupon (Redis had lost it): the Redis grant stays
                throw CouponIssuer.alreadyIssued();
            }
            throw e;
        }
    }

    private CouponIssuer.Issued insertOne(Grant grant) {
        Coupons.Terms terms = grant.terms();
        // the coupon row first: its lock orders the issuers, and the insert's foreign-key check then needs no other lock
        int raised = em.createNativeQuery("""
                UPDATE coupon SET issued_quantity = issued_quantity + 1
                WHERE id = ?1 AND issued_quantity < total_quantity""")
                .setParameter(1, terms.id())
                .executeUpdate();
        if (raised != 1) {
            throw CouponIssuer.soldOut();
        }
        UserCoupon coupon = new UserCoupon();
        coupon.couponId = terms.id();
        coupon.userId = grant.userId();
        coupon.status = UserCoupon.AVAILABLE;
        coupon.issuedAt = Instant.now(clock);
        coupon.expiresAt = terms.validUntil();
        coupon.persistAndFlush();
        fence.afterCommit(grant.userId());
        return issued(grant, coupon.id);
    }

    private static CouponIssuer.Issued issued(Grant grant, long userCouponId) {
        return new CouponIssuer.Issued(userCouponId, grant.terms().id(), UserCoupon.AVAILABLE, grant.terms().validUntil());
    }
}
