package com.flashcart.coupon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The fast first-come-first-served decision in Redis: per coupon a set of holders and the total, checked and
 * taken in one script ({@code redis/coupon-issue.lua}). Redis only says who may try; the database decides
 * (see {@link CouponIssuer}). The state is (re)built from the database when it is missing, on start and on
 * demand; a rebuild is always safe because the database refuses whatever Redis lets through wrongly.
 */
@ApplicationScoped
public class CouponGate {

    private static final Logger LOG = Logger.getLogger(CouponGate.class);
    private static final RedisScript ISSUE = RedisScript.fromResource("redis/coupon-issue.lua");
    private static final RedisScript LOAD = RedisScript.fromResource("redis/coupon-load.lua");
    private static final int LOAD_CHUNK = 1000;
    private static final int ATTEMPTS = 3;

    public enum Decision {
        TAKEN, SOLD_OUT, ALREADY_HOLDS, RATE_LIMITED
    }

    /** The script's answer when Redis holds no state for the coupon. */
    private static final int NOT_LOADED = -2;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    EntityManager em;

    @Inject
    CouponConfig config;

    @Inject
    IssueRateLimit rateLimit;

    private final ConcurrentHashMap<Long, Object> loading = new ConcurrentHashMap<>();

    /**
     * Takes one coupon for the user in Redis (counting the request against the user's rate limit), without
     * blocking. If Redis holds no state for the coupon, it is loaded from the database on a worker thread and the
     * script asked again, up to {@value #ATTEMPTS} times. A Redis failure or timeout fails with UNAVAILABLE.
     */
    public Uni<Decision> take(long couponId, long userId) {
        return take(couponId, userId, ATTEMPTS);
    }

    private Uni<Decision> take(long couponId, long userId, int attemptsLeft) {
        List<String> keys = List.of(holdersKey(couponId), totalKey(couponId), rateLimit.key(userId));
        List<String> args = new ArrayList<>();
        args.add(Long.toString(userId));
        args.addAll(rateLimit.args());
        return unavailableOnFailure(ISSUE.call(eventLoopRedis, keys, args)).chain(answer -> {
            if (answer.toInteger() != NOT_LOADED) {
                return Uni.createFrom().item(decision(answer.toInteger()));
            }
            if (attemptsLeft <= 1) {
                return Uni.createFrom().failure(new ProblemException(ErrorCode.UNAVAILABLE,
                        "Coupon state is being rebuilt; try again shortly", java.time.Duration.ofSeconds(1)));
            }
            return Uni.createFrom().item(() -> {
                loadIfMissing(couponId);
                return couponId;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(() -> take(couponId, userId, attemptsLeft - 1));
        });
    }

    private static Decision decision(int answer) {
        return switch (answer) {
            case 1 -> Decision.TAKEN;
            case 0 -> Decision.SOLD_OUT;
            case -1 -> Decision.ALREADY_HOLDS;
            case -3 -> Decision.RATE_LIMITED;
            default -> throw new IllegalStateException("Unexpected answer from the issuance script: " + answer);
        };
    }

    /**
     * Gives back a coupon that Redis granted but the database refused or could not record, without blocking;
     * never fails (a failure is logged).
     */
    public Uni<Void> giveBack(long couponId, long userId) {
        return eventLoopRedis.execute("SREM", holdersKey(couponId), Long.toString(userId))
                .ifNoItem().after(config.redisTimeout()).fail()
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    // the holder stays in Redis: that user hears ALREADY_ISSUED and one unit looks taken until a
                    // rebuild
                    LOG.warnf("Coupon %d: could not give back the Redis grant of user %d: %s", couponId, userId,
                            e.toString());
                    return null;
                });
    }

    /** The state of a coupon just created: its total and no holders. */
    public void initialise(long couponId, int totalQuantity, Instant validUntil) {
        await(LOAD.call(eventLoopRedis, List.of(stagingKey(couponId), holdersKey(couponId), totalKey(couponId)),
                List.of(Integer.toString(totalQuantity), Long.toString(expiry(validUntil)))));
    }

    /** Loads the coupon's state unless another request already did (one load per coupon per instance at a time). */
    public void loadIfMissing(long couponId) {
        synchronized (loading.computeIfAbsent(couponId, id -> new Object())) {
            if (await(redis.key().exists(totalKey(couponId)))) {
                return;
            }
            load(couponId);
        }
    }

    /**
     * Replaces the coupon's Redis state with the database's: the holders are the rows of {@code user_coupon}.
     * Returns the number of holders recorded, or -1 for an unknown coupon.
     */
    @ActivateRequestContext
    public long load(long couponId) {
        Object[] coupon = em.createQuery("select c.totalQuantity, c.validUntil from Coupon c where c.id = :id", Object[].class)
                .setParameter("id", couponId)
                .getResultStream().findFirst().orElse(null);
        if (coupon == null) {
            return -1;
        }
        List<Long> holders = em.createQuery("select u.userId from UserCoupon u where u.couponId = :id", Long.class)
                .setParameter("id", couponId)
                .getResultList();
        String staging = stagingKey(couponId);
        for (int from = 0; from < holders.size(); from += LOAD_CHUNK) {
            List<String> sadd = new ArrayList<>();
            sadd.add(staging);
            for (Long holder : holders.subList(from, Math.min(holders.size(), from + LOAD_CHUNK))) {
                sadd.add(holder.toString());
            }
            await(eventLoopRedis.execute("SADD", sadd.toArray(String[]::new)));
            await(eventLoopRedis.execute("EXPIRE", staging, "300"));
        }
        long recorded = await(LOAD.call(eventLoopRedis, List.of(staging, holdersKey(couponId), totalKey(couponId)),
                List.of(Integer.toString((Integer) coupon[0]), Long.toString(expiry((Instant) coupon[1]))))).toLong();
        LOG.infof("Coupon %d: Redis state loaded from the database (%d holders of %d)", couponId, recorded, coupon[0]);
        return recorded;
    }

    /** Holders recorded in Redis (for tests and operators). */
    public long holders(long couponId) {
        return await(redis.set(String.class).scard(holdersKey(couponId)));
    }

    private long expiry(Instant validUntil) {
        return validUntil.plus(config.stateRetention()).getEpochSecond();
    }

    private <T> T await(Uni<T> call) {
        return unavailableOnFailure(call).await().indefinitely();
    }

    private <T> Uni<T> unavailableOnFailure(Uni<T> call) {
        return call.ifNoItem().after(config.redisTimeout()).fail()
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                    LOG.warnf("Coupon issuance: Redis did not answer: %s", e.toString());
                    return new ProblemException(ErrorCode.UNAVAILABLE, "Coupon issuance is unavailable; try again shortly",
                            java.time.Duration.ofSeconds(1));
                });
    }

    static String holdersKey(long couponId) {
        return "fc:coupon:{" + couponId + "}:holders";
    }

    static String totalKey(long couponId) {
        return "fc:coupon:{" + couponId + "}:total";
    }

    /** Where a load stages the holders before swapping them in; one per load, so concurrent loads never mix. */
    private static String stagingKey(long couponId) {
        return "fc:coupon:{" + couponId + "}:holders:loading:" + UUID.randomUUID();
    }
}
