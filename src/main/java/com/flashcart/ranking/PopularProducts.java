package com.flashcart.ranking;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.catalog.ProductCatalog;
import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;
import com.flashcart.order.SalesQueries;

import io.vertx.mutiny.redis.client.Response;

/**
 * The popular products: the top sellers over the last few Seoul days, from the day keys in Redis ({@link
 * DailySales}), named and priced by the catalog. When Redis cannot answer, or has lost the day keys (a rebuild is
 * then started in the background), the same answer comes from the database.
 */
@ApplicationScoped
public class PopularProducts {

    private static final Logger LOG = Logger.getLogger(PopularProducts.class);
    private static final RedisScript TOP = RedisScript.fromResource("redis/ranking-top.lua");

    /** One ranked product (shared/API.md: {@code GET /api/v1/products/popular}). */
    public record Entry(int rank, long productId, String name, long price, long soldQuantity) {
    }

    /** {@code from} and {@code to} are the Asia/Seoul calendar days covered, both included. */
    public record Popular(LocalDate from, LocalDate to, List<Entry> items) {
    }

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    RankingRebuild rebuild;

    @Inject
    SalesQueries sales;

    @Inject
    ProductCatalog catalog;

    @Inject
    RankingConfig config;

    @Inject
    Clock clock;

    /** The top {@code limit} products over the last {@code days} Seoul days, today included. */
    public Popular top(int days, int limit) {
        LocalDate to = LocalDate.now(clock.withZone(DailySales.SEOUL));
        LocalDate from = to.minusDays(days - 1L);
        List<SalesQueries.ProductUnits> ranked = null;
        try {
            if (rebuild.built()) {
                ranked = fromRedis(from, to, limit);
            } else {
                rebuild.rebuildSoon();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ranking read from the database, Redis failed: %s", e.toString());
        }
        if (ranked == null) {
            ranked = sales.topSold(from.atStartOfDay(DailySales.SEOUL).toInstant(),
                    to.plusDays(1).atStartOfDay(DailySales.SEOUL).toInstant(), limit);
        }
        List<Entry> entries = new ArrayList<>();
        for (SalesQueries.ProductUnits row : ranked) {
            catalog.product(row.productId()).ifPresent(product -> entries.add(new Entry(entries.size() + 1,
                    row.productId(), product.name(), product.price(), row.units())));
        }
        return new Popular(from, to, entries);
    }

    private List<SalesQueries.ProductUnits> fromRedis(LocalDate from, LocalDate to, int limit) {
        List<String> keys = new ArrayList<>();
        keys.add("fc:ranking:top:" + from + ":" + to);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            keys.add(DailySales.dayKey(d));
        }
        // a few more than asked, so equal counts can be ordered by product id below
        Response answer = TOP.call(eventLoopRedis, keys, List.of(Long.toString(config.cacheTtl().toMillis()),
                Integer.toString(limit + 20))).await().atMost(config.redisTimeout());
        List<SalesQueries.ProductUnits> rows = new ArrayList<>();
        for (int i = 0; i + 1 < answer.size(); i += 2) {
            rows.add(new SalesQueries.ProductUnits(answer.get(i).toLong(),
                    Math.round(Double.parseDouble(answer.get(i + 1).toString()))));
        }
        return rows.stream()
                .sorted(Comparator.comparingLong((SalesQueries.ProductUnits r) -> -r.units())
                        .thenComparingLong(SalesQueries.ProductUnits::productId))
                .limit(limit)
                .toList();
    }
}
