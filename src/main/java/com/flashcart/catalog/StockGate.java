package com.flashcart.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.AfterCommit;
import com.flashcart.common.db.OutsideTransaction;
import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.PrimaryPools;
import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.redis.client.ResponseType;

/**
 * The stock gate: a copy of each product's stock in Redis that decides quickly whether an order may try at all,
 * so that during a flash sale the refusals after the sell-out never reach the database ({@code stock-take.lua}
 * takes every line of an order or none, atomically, in arrival order). The database stays the source of truth: an
 * order the gate lets through still takes its stock with a conditional update, and a gate that says yes while the
 * database says no only costs a refusal, whose units the gate gets back. It can never oversell.
 * <p>
 * A unit is in one of four states. IN STOCK: counted by {@code product.stock} and by the gate. GRANTED: taken from
 * the gate, its order's transaction not yet done (a refusal or failure gives it back to the gate). HELD: taken by a
 * committed order, pending payment or paid ({@code product.held}). Back IN STOCK when the order expires or is
 * cancelled: the database first, then the gate, once that committed.
 * <p>
 * A counter is read from the database when an order first needs it, and again only when it is in doubt: a refusal
 * never rests on a counter loaded more than {@code reload-after} (10 s) ago (the script drops it, the order loads it
 * and asks again), so a counter that missed units coming back (Redis away at that moment) refuses only for that
 * long; and when the database refuses an order the gate let through, a counter that old is dropped too
 * ({@link #refusedByDatabase}). A counter that keeps serving orders is not read again ({@code keep-for}, 1 h,
 * bounds its life); one that is lost (Redis flushed or restarted) is loaded by the next order. A load can count
 * units whose orders are still in their transaction: the gate then lets that many more orders try than there are
 * units, and the database refuses them (a bounded margin). While Redis does not answer, orders go to the database
 * without the gate.
 */
@ApplicationScoped
public class StockGate {

    private static final Logger LOG = Logger.getLogger(StockGate.class);
    private static final RedisScript TAKE = RedisScript.fromResource("redis/stock-take.lua");
    private static final RedisScript GIVE_BACK = RedisScript.fromResource("redis/stock-give-back.lua");
    private static final RedisScript LOAD = RedisScript.fromResource("redis/stock-load.lua");
    private static final RedisScript REFUSED = RedisScript.fromResource("redis/stock-refused.lua");
    private static final int ATTEMPTS = 3;
    private static final int LOAD_STRIPES = 256;
    /**
     * How long an Idempotency-Key's mark lives: the repeats of a granted key go to the database instead of taking
     * units, those of a refused key are refused alike. Longer than any transaction (60 s at most), so a granted
     * order's answer is committed before its mark goes (a refusal is on record when it is answered).
     */
    private static final Duration ORDER_KEY_TTL = Duration.ofMinutes(5);

    /**
     * TAKEN: the order may try the database. BYPASSED: the gate does not decide (Redis away, an unknown product): let
     * the database. REPEAT: a repeat of an Idempotency-Key granted a moment ago, whose unit the grant holds: the
     * database answers it as the key's first request; should this repeat be the one that places the key's order
     * (it reached the database first), {@link #takeAfter} moves the grant's unit to it.
     */
    public enum Decision {
        TAKEN, OUT_OF_STOCK, BYPASSED, REPEAT
    }

    /**
     * The gate's answer; for OUT_OF_STOCK, the first product it could not serve. When the order's key was refused
     * a moment ago, {@code firstFingerprint} is that request's fingerprint (the product is then the one it was
     * refused for, or null when the fingerprints differ).
     */
    public record Take(Decision decision, Long shortProduct, String firstFingerprint) {
        static final Take TAKEN = new Take(Decision.TAKEN, null, null);
        static final Take BYPASSED = new Take(Decision.BYPASSED, null, null);
        static final Take REPEAT = new Take(Decision.REPEAT, null, null);
    }

    /** An order's Idempotency-Key as the gate marks it: the user and key, and the request's fingerprint. */
    public record OrderKey(long userId, String key, String fingerprint) {
        String mark() {
            return "fc:order-key:" + userId + ":" + key;
        }
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    EventLoopRedis eventLoopRedis;

    /** The primary, for the loads' single reads (never the replica: a stale count would refuse for 10 s). */
    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    @Inject
    AfterCommit afterCommit;

    @Inject
    OutsideTransaction outside;

    @Inject
    StockGateConfig config;

    /** Loads of products whose ids fall in the same stripe wait for each other: a bounded set of locks. */
    private final ReentrantLock[] loading = new ReentrantLock[LOAD_STRIPES];
    private final Counter bypassed;

    @Inject
    StockGate(MeterRegistry registry) {
        Arrays.setAll(loading, i -> new ReentrantLock());
        this.bypassed = Counter.builder("flashcart.stock.gate.bypassed")
                .description("Orders that went to the database without the stock gate (Redis did not answer)")
                .register(registry);
    }

    /**
     * Takes {@code units} (product id to units) from the gate, all or none, without blocking. Never fails. With
     * {@code orderKey}, repeats of that key for a while after a grant take no unit ({@link Decision#REPEAT}): one
     * order's retries never use up the stock they would be refused; and repeats after a refusal are refused alike
     * (OUT_OF_STOCK with the first request's fingerprint), never granted.
     */
    public Uni<Take> take(Map<Long, Integer> units, OrderKey orderKey) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Take.BYPASSED);
        }
        return take(new TreeMap<>(units), orderKey, ATTEMPTS)
                .onFailure().recoverWithItem(e -> {
                    bypassed.increment();
                    LOG.debugf("Stock gate bypassed, the database decides: %s", e.toString());
                    return Take.BYPASSED;
                });
    }

    private Uni<Take> take(SortedMap<Long, Integer> units, OrderKey orderKey, int attemptsLeft) {
        List<Long> ids = new ArrayList<>(units.keySet());
        List<String> keys = new ArrayList<>(keys(ids));
        List<String> args = withAgeArgs(values(units));
        if (orderKey != null) {
            keys.add(orderKey.mark());
            args.add(Long.toString(ORDER_KEY_TTL.toMillis()));
            args.add(orderKey.fingerprint());
            args.add("keyed");
        }
        return timed(TAKE.call(eventLoopRedis, keys, args)).chain(answer -> {
            if (answer.type() == ResponseType.MULTI) {
                int line = answer.get(1).toInteger();
                String first = answer.size() > 2 ? answer.get(2).toString() : null;
                boolean sameRequest = first == null || first.equals(orderKey.fingerprint());
                Long product = sameRequest && line >= 1 && line <= ids.size() ? ids.get(line - 1) : null;
                return Uni.createFrom().item(new Take(Decision.OUT_OF_STOCK, product, first));
            }
            int result = answer.toInteger();
            if (result == 1) {
                return Uni.createFrom().item(Take.TAKEN);
            }
            if (result == 3) {
                return Uni.createFrom().item(Take.REPEAT);
            }
            if (result == 2 || attemptsLeft <= 1) {
                return Uni.createFrom().item(Take.BYPASSED);
            }
            // a counter is not loaded: load it from the database on a worker, then ask again
            return Uni.createFrom().item(() -> {
                load(new ArrayList<>(units.keySet()));
                return units;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).chain(() -> take(units, orderKey, attemptsLeft - 1));
        });
    }

    /** Gives units an order took from the gate back (it was refused, undone or failed), without blocking. */
    public Uni<Void> giveBack(Map<Long, Integer> units) {
        // on failure the counter stays low until its next load: a few refusals the database would have served
        return returnUnits(GIVE_BACK, units, Function.identity(), "not given back; the next load corrects it");
    }

    /**
     * The database refused an order the gate let through, for want of stock: the gate counted units that are not
     * there. A counter loaded {@code reload-after} ago or more is dropped (the next order loads it again); a younger
     * one gets the units back, as {@link #giveBack} does. Without blocking.
     */
    public Uni<Void> refusedByDatabase(Map<Long, Integer> units) {
        return returnUnits(REFUSED, units, this::withAgeArgs, "of an order the database refused not given back");
    }

    /** Runs a script that returns {@code units} to their counters (arguments: the units, then {@code more}). */
    private Uni<Void> returnUnits(RedisScript script, Map<Long, Integer> units,
            Function<List<String>, List<String>> more, String failed) {
        if (!config.enabled() || units.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SortedMap<Long, Integer> sorted = new TreeMap<>(units);
        return timed(script.call(eventLoopRedis, keys(sorted.keySet()), more.apply(values(sorted)))).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Stock gate: units %s %s (%s)", units, failed, e.toString());
                    return null;
                });
    }

    /**
     * {@code args} followed by what the scripts that judge a counter's age need: how long a loaded counter lives
     * and the age from which it is in doubt (ms); they read its age from what is left of its TTL.
     */
    private List<String> withAgeArgs(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add(Long.toString(config.keepFor().toMillis()));
        all.add(Long.toString(config.reloadAfter().toMillis()));
        return all;
    }

    /**
     * Takes units for an order that was placed without taking them (a {@link Decision#REPEAT} that placed its key's
     * order: the request the gate granted finds the key answered and gives its unit back, so this evens out),
     * without blocking. Called once the order has committed.
     */
    public Uni<Void> takeAfter(Map<Long, Integer> units) {
        Map<Long, Integer> negated = new TreeMap<>();
        units.forEach((id, n) -> negated.put(id, -n));
        return giveBack(negated);
    }

    /** Gives {@code units} released by the current transaction back to the gate once it has committed. */
    public void giveBackAfterCommit(Map<Long, Integer> units) {
        if (config.enabled() && !units.isEmpty()) {
            Map<Long, Integer> copy = Map.copyOf(units);
            afterCommit.run(() -> outside.start(() -> giveBack(copy)));
        }
    }

    /** Forgets a product's counter once the current transaction has committed (an admin changed its stock). */
    public void reloadAfterCommit(long productId) {
        if (config.enabled()) {
            afterCommit.run(() -> outside.start(() -> timed(eventLoopRedis.execute("DEL", key(productId)))).exceptionally(e -> {
                LOG.warnf("Stock gate: counter of product %d not dropped (a refusal reloads it once it is %s"
                        + " old): %s", productId, config.reloadAfter(), e.toString());
                return null;
            }));
        }
    }

    /**
     * Loads the missing counters of these products (in ascending order) from the database's stock, all of them
     * with one read and one script: an order's lines cost one statement, not one each. One load per product per
     * instance at a time: the products' lock stripes are taken in ascending order, and an order that waited finds
     * the counters loaded and reads nothing.
     */
    void load(List<Long> productIds) {
        List<ReentrantLock> held = new ArrayList<>(productIds.size());
        try {
            for (int stripe : productIds.stream().map(id -> Math.floorMod(id, LOAD_STRIPES)).distinct().sorted()
                    .toList()) {
                loading[stripe].lock();
                held.add(loading[stripe]);
            }
            Map<String, String> counters = timed(redis.value(String.class).mget(
                    keys(productIds).toArray(String[]::new))).await().indefinitely();
            List<Long> missing = productIds.stream().filter(id -> counters.get(key(id)) == null).toList();
            if (missing.isEmpty()) {
                return;
            }
            Map<Long, Long> stock = stockOf(missing);
            List<String> args = new ArrayList<>(missing.size() + 1);
            args.add(Long.toString(config.keepFor().toMillis()));
            // -1 stands for a product the database does not know: its orders go there for their NOT_FOUND
            missing.forEach(id -> args.add(Long.toString(stock.getOrDefault(id, -1L))));
            timed(LOAD.call(eventLoopRedis, keys(missing), args)).await().indefinitely();
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    /**
     * The products' stock on the primary (absent: no such product): one autocommit statement, outside any
     * transaction (a load is a single read; a transaction would add its commit to it).
     */
    private Map<Long, Long> stockOf(List<Long> productIds) {
        String sql = "SELECT id, stock FROM product WHERE id IN ("
                + Placeholders.repeated(productIds.size(), "?") + ")";
        try (Connection connection = primary.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < productIds.size(); i++) {
                select.setLong(i + 1, productIds.get(i));
            }
            Map<Long, Long> stock = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    stock.put(row.getLong(1), row.getLong(2));
                }
            }
            return stock;
        } catch (SQLException e) {
            throw new IllegalStateException("Stock of products " + productIds + " not read", e);
        }
    }

    private <T> Uni<T> timed(Uni<T> call) {
        return call.ifNoItem().after(config.redisTimeout()).fail();
    }

    private static List<String> keys(Iterable<Long> productIds) {
        List<String> keys = new ArrayList<>();
        productIds.forEach(id -> keys.add(key(id)));
        return keys;
    }

    private static List<String> values(SortedMap<Long, Integer> units) {
        return units.values().stream().map(String::valueOf).toList();
    }

    static String key(long productId) {
        return "fc:stock:{" + productId + "}";
    }
}
