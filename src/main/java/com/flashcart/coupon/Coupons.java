package com.flashcart.coupon;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.ReadSource;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ProblemException;
import com.flashcart.coupon.read.CouponView;
import com.flashcart.coupon.read.UserCouponView;

import io.quarkus.runtime.StartupEvent;

/** Creating coupons (admin), reading them, and a user's own coupons. Issuance is {@link CouponIssuer}. */
@ApplicationScoped
public class Coupons {

    private static final Logger LOG = Logger.getLogger(Coupons.class);
    private static final int MAX_OWN_COUPONS = 500;

    /** A coupon's terms: fixed at creation, so every instance may keep them in memory. */
    public record Terms(long id, String name, DiscountType discountType, long discountValue, int totalQuantity,
            Instant validFrom, Instant validUntil) {
    }

    /** A coupon as the API shows it (shared/API.md: {@code GET /api/v1/coupons/{id}}, the admin's create). */
    public record CouponData(long id, String name, DiscountType discountType, long discountValue, int totalQuantity,
            int issuedQuantity, Instant validFrom, Instant validUntil) {
    }

    /** A coupon a user holds (shared/API.md: {@code GET /api/v1/me/coupons}). */
    public record OwnCoupon(long userCouponId, long couponId, String name, DiscountType discountType, long discountValue,
            String status, Instant expiresAt) {
    }

    public record OwnCoupons(List<OwnCoupon> items) {
    }

    @Inject
    ReadSource reads;

    @Inject
    CouponGate gate;

    @Inject
    Clock clock;

    private final ConcurrentHashMap<Long, Terms> terms = new ConcurrentHashMap<>();

    /** Writes the coupon, then gives it its Redis state (if Redis is away, the first issue request loads it). */
    public CouponData create(String name, DiscountType type, long value, int totalQuantity, Instant validFrom,
            Instant validUntil) {
        if (type == DiscountType.RATE && value > 100) {
            throw ProblemException.invalid("A RATE coupon's discountValue is a percentage, 1..100");
        }
        if (!validFrom.isBefore(validUntil)) {
            throw ProblemException.invalid("validFrom must be before validUntil");
        }
        Coupon coupon = Transactions.inNew(() -> {
            Coupon c = new Coupon();
            c.name = name.strip();
            c.discountType = type;
            c.discountValue = value;
            c.totalQuantity = totalQuantity;
            c.issuedQuantity = 0;
            c.validFrom = validFrom;
            c.validUntil = validUntil;
            c.createdAt = Instant.now(clock);
            c.persist();
            return c;
        });
        try {
            gate.initialise(coupon.id, coupon.totalQuantity, coupon.validUntil);
        } catch (RuntimeException e) {
            LOG.warnf("Coupon %d created; its Redis state will be loaded on first use (%s)", coupon.id, e.getMessage());
        }
        return new CouponData(coupon.id, coupon.name, coupon.discountType, coupon.discountValue, coupon.totalQuantity,
                0, coupon.validFrom, coupon.validUntil);
    }

    /** The coupon as the public page shows it; issuedQuantity may lag the primary by the replica's lag. */
    public Optional<CouponData> coupon(long id) {
        CouponView c = reads.lagging().find(CouponView.class, id);
        return Optional.ofNullable(c).map(v -> new CouponData(v.id, v.name, DiscountType.valueOf(v.discountType),
                v.discountValue, v.totalQuantity, v.issuedQuantity, v.validFrom, v.validUntil));
    }

    /** The coupon's terms if this instance has read them already, else null (never blocks). */
    public Terms knownTerms(long id) {
        return terms.get(id);
    }

    /** The coupon's terms, read once from the primary (also from a worker thread outside any request). */
    @ActivateRequestContext
    public Terms terms(long id) {
        Terms known = terms.get(id);
        if (known != null) {
            return known;
        }
        Coupon c = Coupon.findById(id);
        if (c == null) {
            throw ProblemException.notFound("Coupon");
        }
        Terms loaded = new Terms(c.id, c.name, c.discountType, c.discountValue, c.totalQuantity, c.validFrom, c.validUntil);
        terms.put(id, loaded);
        return loaded;
    }

    /**
     * The user's coupons, newest first. A coupon past its expiry shows EXPIRED even while its row still says
     * AVAILABLE (nothing needs to sweep rows for the answer to be right).
     */
    public List<OwnCoupon> own(long userId) {
        Instant now = Instant.now(clock);
        return reads.forUser(userId)
                .createSelectionQuery("""
                        select u, c from UserCouponView u join CouponView c on c.id = u.couponId
                        where u.userId = :userId order by u.id desc""", Object[].class)
                .setParameter("userId", userId)
                .setMaxResults(MAX_OWN_COUPONS)
                .getResultList().stream()
                .map(row -> {
                    UserCouponView u = (UserCouponView) row[0];
                    CouponView c = (CouponView) row[1];
                    String status = UserCoupon.AVAILABLE.equals(u.status) && !now.isBefore(u.expiresAt)
                            ? UserCoupon.EXPIRED : u.status;
                    return new OwnCoupon(u.id, c.id, c.name, DiscountType.valueOf(c.discountType), c.discountValue,
                            status, u.expiresAt);
                })
                .toList();
    }

    /** Rebuilds a coupon's Redis state from the database (admin, after Redis lost data or disagrees). */
    public long rebuild(long couponId) {
        long holders = gate.load(couponId);
        if (holders < 0) {
            throw ProblemException.notFound("Coupon");
        }
        return holders;
    }

    /** Loads the Redis state of every coupon still valid whose state is missing; Redis being away only delays it. */
    void loadOnStart(@Observes StartupEvent start) {
        try {
            List<Long> live = Transactions.inNew(() -> Coupon.getEntityManager()
                    .createQuery("select c.id from Coupon c where c.validUntil > :now", Long.class)
                    .setParameter("now", Instant.now(clock))
                    .getResultList());
            for (long id : live) {
                gate.loadIfMissing(id);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Coupon states not loaded at start (%s); each loads on first use", e.getMessage());
        }
    }
}
