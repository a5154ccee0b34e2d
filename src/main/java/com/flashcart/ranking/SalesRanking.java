package com.flashcart.ranking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.catalog.ProductCatalog;
import com.flashcart.common.db.ReadSource;
import com.flashcart.common.redis.RedisScript;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Popular products: units sold in PAID orders per product per Asia/Seoul calendar day, in Redis sorted sets
 * ({@code fc:ranking:day:<date>}), fed by the payment events and rebuilt from the database whenever Redis lost
 * them. Each event counts once: a marker per event id and per (order, kind) is set in the same script as the
 * increment. A rebuild pauses counting, replaces the day keys with the database's sums and marks every order
 * it counted, so an event arriving later for one of them is dropped rather than counted twice.
 */
@ApplicationScoped
public class SalesRanking {

    /** Ranking days are Seoul's calendar days (UTC+9, no daylight saving). */
    public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** The widest window that can be asked for, in days. */
    public static final int MAX_DAYS = 30;

    private static final Logger LOG = Logger.getLogger(SalesRanking.class);
    private static final RedisScript COUNT = RedisScript.fromResource("redis/ranking-count.lua");
    private static final RedisScript TOP = RedisScript.fromResource("redis/ranking-top.lua");
    private static final String BUILT = "fc:ranking:built";
    private static final String REBUILDING = "fc:ranking:rebuilding";
    private static final long REBUILD_LEASE_MS = 120_000;
    private static final int MARKER_BATCH = 500;

    /** One payment (units counted) or one cancellation of a paid order (units taken back). */
    public record Sale(String eventId, long orderId, boolean cancellation, Instant paidAt, Map<Long, Integer> units) {
    }

    /** What a count did. */
    public enum Counted {
        COUNTED, DUPLICATE, REBUILDING, NOT_BUILT
    }

    public record Entry(int rank, long productId, String name, long price, long soldQuantity) {
    }

    public record Popular(LocalDate from, LocalDate to, List<Entry> items) {
    }

    public record Rebuilt(int days, int orders) {
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ReadSource reads;

    @Inject
    ProductCatalog catalog;

    @Inject
    RankingConfig config;

    @Inject
    Clock clock;

    /** Counts the sale once; a REBUILDING or NOT_BUILT answer counted nothing and asks the caller to come back. */
    public Counted count(Sale sale) {
        LocalDate day = LocalDate.ofInstant(sale.paidAt(), SEOUL);
        List<String> args = new ArrayList<>();
        args.add(Long.toString(config.seenTtl().toSeconds()));
        args.add(Long.toString(config.dayTtl().toSeconds()));
        sale.units().forEach((product, units) -> {
            args.add(Long.toString(product));
            args.add(Integer.toString(sale.cancellation() ? -units : units));
        });
        long answer = await(COUNT.call(redis, List.of(BUILT, REBUILDING, "fc:ranking:seen:" + sale.eventId(),
                orderMarker(sale.orderId(), sale.cancellation()), dayKey(day)), args)).toLong();
        return switch ((int) answer) {
            case 1 -> Counted.COUNTED;
            case 0 -> Counted.DUPLICATE;
            case -1 -> Counted.REBUILDING;
            case -2 -> Counted.NOT_BUILT;
            default -> throw new IllegalStateException("Unexpected answer from the ranking script: " + answer);
        };
    }

    /** The top {@code limit} products over the last {@code days} Seoul days, today included. */
    public Popular top(int days, int limit) {
        LocalDate to = LocalDate.now(clock.withZone(SEOUL));
        LocalDate from = to.minusDays(days - 1L);
        List<long[]> ranked;
        try {
            ranked = topFromRedis(from, to, limit);
        } catch (RuntimeException e) {
            LOG.warnf("Ranking read from the database, Redis failed: %s", e.toString());
            ranked = topFromDatabase(from, to, limit);
        }
        List<Entry> entries = new ArrayList<>();
        for (long[] row : ranked) {
            var product = catalog.product(row[0]);
            if (product.isPresent()) {
                entries.add(new Entry(entries.size() + 1, row[0], product.get().name(), product.get().price(), row[1]));
            }
        }
        return new Popular(from, to, entries);
    }

    private List<long[]> topFromRedis(LocalDate from, LocalDate to, int limit) {
        ensureBuilt();
        List<String> keys = new ArrayList<>();
        keys.add("fc:ranking:top:" + from + ":" + to);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            keys.add(dayKey(d));
        }
        // a few more than asked, so equal counts can be ordered by product id below
        Response answer = await(TOP.call(redis, keys, List.of(Long.toString(config.cacheTtl().toMillis()),
                Integer.toString(limit + 20))));
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i + 1 < answer.size(); i += 2) {
            rows.add(new long[] { answer.get(i).toLong(), Math.round(Double.parseDouble(answer.get(i + 1).toString())) });
        }
        return best(rows, limit);
    }

    /** The same answer straight from the database, when Redis cannot give it. */
    List<long[]> topFromDatabase(LocalDate from, LocalDate to, int limit) {
        List<Object[]> rows = reads.lagging().createNativeQuery("""
                SELECT l.product_id, SUM(l.quantity)
                FROM payment p JOIN customer_order o ON o.id = p.order_id JOIN order_line l ON l.order_id = o.id
                WHERE o.status = 'PAID' AND p.paid_at >= ?1 AND p.paid_at < ?2
                GROUP BY l.product_id ORDER BY SUM(l.quantity) DESC, l.product_id LIMIT ?3""", Object[].class)
                .setParameter(1, Timestamp.from(from.atStartOfDay(SEOUL).toInstant()))
                .setParameter(2, Timestamp.from(to.plusDays(1).atStartOfDay(SEOUL).toInstant()))
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(r -> new long[] { ((Number) r[0]).longValue(), ((Number) r[1]).longValue() }).toList();
    }

    private static List<long[]> best(List<long[]> rows, int limit) {
        return rows.stream()
                .sorted(Comparator.<long[]> comparingLong(r -> -r[1]).thenComparingLong(r -> r[0]))
                .limit(limit)
                .toList();
    }

    /** Rebuilds from the database unless the day keys are known to be built (the marker survives as long as they do). */
    public synchronized void ensureBuilt() {
        if (!await(redis.key().exists(BUILT))) {
            rebuild();
        }
    }

    /**
     * Replaces the day keys of the last {@value #MAX_DAYS} days with the database's sums and marks every order
     * counted (or paid and then cancelled) as seen. Counting waits meanwhile (the script answers "rebuilding").
     * If another instance is already rebuilding, waits for it instead.
     */
    public synchronized Rebuilt rebuild() {
        String token = UUID.randomUUID().toString();
        boolean leader = await(redis.value(String.class).setnx(REBUILDING, token));
        if (!leader) {
            waitForOtherRebuild();
            return new Rebuilt(0, 0);
        }
        try {
            await(redis.key().pexpire(REBUILDING, REBUILD_LEASE_MS));
            return rebuildHoldingTheLease();
        } finally {
            try {
                if (token.equals(await(redis.value(String.class).get(REBUILDING)))) {
                    await(redis.key().del(REBUILDING));
                }
            } catch (RuntimeException e) {
                LOG.warnf("Ranking rebuild lease not released (it expires by itself): %s", e.toString());
            }
        }
    }

    private Rebuilt rebuildHoldingTheLease() {
        LocalDate today = LocalDate.now(clock.withZone(SEOUL));
        LocalDate first = today.minusDays(MAX_DAYS);
        Instant since = first.atStartOfDay(SEOUL).toInstant();
        int offsetMinutes = SEOUL.getRules().getOffset(since).getTotalSeconds() / 60;
        // one transaction: both reads see the same snapshot, taken after counting paused
        List<Object[]>[] read = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]>[] result = new List[2];
            result[0] = reads.primary().createNativeQuery("""
                    SELECT DATE(p.paid_at + INTERVAL ?1 MINUTE), l.product_id, SUM(l.quantity)
                    FROM payment p JOIN customer_order o ON o.id = p.order_id JOIN order_line l ON l.order_id = o.id
                    WHERE o.status = 'PAID' AND p.paid_at >= ?2
                    GROUP BY 1, 2""", Object[].class)
                    .setParameter(1, offsetMinutes)
                    .setParameter(2, Timestamp.from(since))
                    .getResultList();
            result[1] = reads.primary().createNativeQuery("""
                    SELECT o.id, o.status FROM payment p JOIN customer_order o ON o.id = p.order_id
                    WHERE p.paid_at >= ?1""", Object[].class)
                    .setParameter(1, Timestamp.from(since))
                    .getResultList();
            return result;
        });
        Map<LocalDate, Map<String, Double>> days = new HashMap<>();
        for (Object[] row : read[0]) {
            LocalDate day = toLocalDate(row[0]);
            days.computeIfAbsent(day, d -> new HashMap<>()).put(row[1].toString(), ((Number) row[2]).doubleValue());
        }
        long dayTtl = config.dayTtl().toSeconds();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            Map<String, Double> sums = days.get(d);
            if (sums == null || sums.isEmpty()) {
                await(redis.key().del(dayKey(d)));
                continue;
            }
            String staging = dayKey(d) + ":rebuild";
            await(redis.key().del(staging));
            await(redis.sortedSet(String.class).zadd(staging, sums));
            await(redis.key().rename(staging, dayKey(d)));
            await(redis.key().expire(dayKey(d), dayTtl));
        }
        List<String> markers = new ArrayList<>();
        for (Object[] order : read[1]) {
            long orderId = ((Number) order[0]).longValue();
            markers.add(orderMarker(orderId, false));
            if ("CANCELLED".equals(order[1])) {
                markers.add(orderMarker(orderId, true));
            }
        }
        SetArgs ttl = new SetArgs().ex(config.seenTtl());
        for (int i = 0; i < markers.size(); i += MARKER_BATCH) {
            List<Uni<Void>> batch = markers.subList(i, Math.min(markers.size(), i + MARKER_BATCH)).stream()
                    .map(key -> redis.value(String.class).set(key, "1", ttl)).toList();
            await(Uni.join().all(batch).andFailFast().replaceWithVoid());
        }
        await(redis.value(String.class).set(BUILT, Instant.now(clock).toString()));
        LOG.infof("Ranking rebuilt from the database: %d days with sales, %d paid orders since %s", days.size(),
                read[1].size(), first);
        return new Rebuilt(days.size(), read[1].size());
    }

    private void waitForOtherRebuild() {
        long deadline = System.currentTimeMillis() + REBUILD_LEASE_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!await(redis.key().exists(REBUILDING))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static LocalDate toLocalDate(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        return LocalDate.parse(value.toString().substring(0, 10));
    }

    private <T> T await(Uni<T> call) {
        return call.await().atMost(config.redisTimeout());
    }

    static String dayKey(LocalDate day) {
        return "fc:ranking:day:" + day;
    }

    private static String orderMarker(long orderId, boolean cancellation) {
        return "fc:ranking:order:" + orderId + (cancellation ? ":cancelled" : ":paid");
    }

}
