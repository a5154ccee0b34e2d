package com.flashcart.ranking;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.DaemonThreads;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.order.SalesQueries;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Rebuilds the ranking's day keys from what order says sold ({@link SalesQueries}), whenever Redis lost them. Only
 * one instance rebuilds at a time (a lease in Redis); counting pauses meanwhile (the count script answers
 * "rebuilding"), and every order the rebuild counted is marked, so an event arriving later for one of them is
 * dropped rather than counted twice. Nobody waits for a rebuild: readers answer from the database until it is done,
 * and an instance that finds the lease taken leaves the work to its holder.
 * <p>
 * Every command goes through {@link EventLoopRedis} (the workers' client, as this runs off the event loops), so after
 * an ElastiCache failover the lease and the keys are written on the new primary: a connection of the Quarkus default
 * client would stay on the old one, which refuses every write with {@code READONLY}.
 */
@ApplicationScoped
public class RankingRebuild {

    private static final Logger LOG = Logger.getLogger(RankingRebuild.class);
    private static final long LEASE_MS = 120_000;
    private static final int MARKER_BATCH = 500;

    /** What a rebuild did; {@code elsewhere} when another instance held the lease and this one did nothing. */
    public record Rebuilt(int daysWithSales, int ordersWithPayment, boolean elsewhere) {
    }

    @Inject
    EventLoopRedis redis;

    @Inject
    SalesQueries sales;

    @Inject
    RankingConfig config;

    @Inject
    Clock clock;

    private final ExecutorService background = Executors.newSingleThreadExecutor(
            DaemonThreads.named("ranking-rebuild"));
    private final AtomicBoolean queued = new AtomicBoolean();

    /** Whether the day keys are known to be built (the marker lives as long as they do). */
    public boolean built() {
        return await(redis.execute("EXISTS", DailySales.BUILT)).toLong() == 1;
    }

    /** Starts a rebuild in the background unless one is already queued here; returns at once. */
    public void rebuildSoon() {
        if (queued.compareAndSet(false, true)) {
            background.execute(() -> {
                queued.set(false);
                try {
                    if (!built()) {
                        rebuild();
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("Ranking rebuild failed (the next read or event asks again): %s", e.toString());
                }
            });
        }
    }

    /**
     * Replaces the day keys of the last {@value DailySales#MAX_DAYS} days with the database's sums and marks every
     * order counted (or paid and then cancelled) as seen, unless another instance holds the lease.
     */
    public Rebuilt rebuild() {
        String token = UUID.randomUUID().toString();
        // the lease is taken with its expiry in one command, so a crashed holder never blocks rebuilds for good
        await(redis.execute("SET", DailySales.REBUILDING, token, "NX", "PX", Long.toString(LEASE_MS)));
        if (!token.equals(lease())) {
            return new Rebuilt(0, 0, true);
        }
        try {
            return rebuildHoldingTheLease();
        } finally {
            try {
                if (token.equals(lease())) {
                    await(redis.execute("DEL", DailySales.REBUILDING));
                }
            } catch (RuntimeException e) {
                LOG.warnf("Ranking rebuild lease not released (it expires by itself): %s", e.toString());
            }
        }
    }

    private Rebuilt rebuildHoldingTheLease() {
        LocalDate today = LocalDate.now(clock.withZone(DailySales.SEOUL));
        LocalDate first = today.minusDays(DailySales.MAX_DAYS);
        Instant since = first.atStartOfDay(DailySales.SEOUL).toInstant();
        int offsetMinutes = DailySales.SEOUL.getRules().getOffset(since).getTotalSeconds() / 60;
        // one snapshot for both the sums and the markers, taken after counting paused
        SalesQueries.Snapshot sold = Transactions.inNew(() -> sales.paidSince(since, offsetMinutes));
        Map<LocalDate, Map<String, Double>> days = new HashMap<>();
        for (SalesQueries.DailyUnits units : sold.days()) {
            days.computeIfAbsent(units.day(), d -> new HashMap<>()).put(Long.toString(units.productId()),
                    (double) units.units());
        }
        String dayTtl = Long.toString(config.dayTtl().toSeconds());
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            Map<String, Double> sums = days.get(d);
            String key = DailySales.dayKey(d);
            if (sums == null || sums.isEmpty()) {
                await(redis.execute("DEL", key));
                continue;
            }
            String staging = key + ":rebuild";
            List<String> zadd = new ArrayList<>(List.of(staging));
            sums.forEach((product, units) -> {
                zadd.add(Double.toString(units));
                zadd.add(product);
            });
            await(redis.execute("DEL", staging));
            await(redis.execute("ZADD", zadd.toArray(String[]::new)));
            await(redis.execute("RENAME", staging, key));
            await(redis.execute("EXPIRE", key, dayTtl));
        }
        List<String> markers = new ArrayList<>();
        for (SalesQueries.PaidOrder order : sold.orders()) {
            markers.add(DailySales.orderMarker(order.orderId(), false));
            if (order.cancelled()) {
                markers.add(DailySales.orderMarker(order.orderId(), true));
            }
        }
        String ttl = Long.toString(config.seenTtl().toSeconds());
        for (int i = 0; i < markers.size(); i += MARKER_BATCH) {
            List<Uni<Response>> batch = markers.subList(i, Math.min(markers.size(), i + MARKER_BATCH)).stream()
                    .map(key -> redis.execute("SET", key, "1", "EX", ttl)).toList();
            await(Uni.join().all(batch).andFailFast().replaceWithVoid());
        }
        await(redis.execute("SET", DailySales.BUILT, Instant.now(clock).toString()));
        LOG.infof("Ranking rebuilt from the database: %d days with sales, %d paid orders since %s", days.size(),
                sold.orders().size(), first);
        return new Rebuilt(days.size(), sold.orders().size(), false);
    }

    /** The lease's holder, or null when nobody holds it. */
    private String lease() {
        Response holder = await(redis.execute("GET", DailySales.REBUILDING));
        return holder == null ? null : holder.toString();
    }

    private <T> T await(Uni<T> call) {
        return call.await().atMost(config.redisTimeout());
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
