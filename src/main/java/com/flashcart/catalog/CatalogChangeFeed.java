package com.flashcart.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.catalog.ProductCatalog.ProductData;
import com.flashcart.common.DaemonThreads;
import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.ReadSource;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.cache.CacheName;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps this instance's {@link LocalCatalog} true while orders change stock: every
 * {@code flashcart.catalog.poll-interval} it asks the replica which rows changed since its last look
 * ({@code changed_at}, stamped by the database itself) and offers those whose version is newer than the copy's. A
 * page thus shows stock at most one poll interval plus the replica's lag old. Each look overlaps the previous one by
 * {@code flashcart.catalog.poll-overlap}, so a transaction that commits a moment after it stamped its rows is not
 * missed. It runs on a thread of its own (the scheduler's shortest period is a second).
 * <p>
 * It also loads the first products into the copy when the instance starts ({@code flashcart.catalog.preload}), so
 * a new instance does not send a burst of reads to the database while its copy fills, and again every half
 * {@code local-expiry}; and when a product above the highest id seen appears, it drops the pages, shared and local.
 */
@ApplicationScoped
public class CatalogChangeFeed {

    private static final Logger LOG = Logger.getLogger(CatalogChangeFeed.class);
    private static final int FETCH_CHUNK = 500;
    /** What {@link #row} reads. */
    private static final String ROW = "SELECT id, name, description, price, stock, version FROM product";

    @Inject
    LocalCatalog local;

    @Inject
    ReadSource reads;

    @Inject
    CatalogConfig config;

    @Inject
    @CacheName(ProductCatalog.PAGE_CACHE)
    io.quarkus.cache.Cache sharedPages;

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("catalog-change-feed"));

    /** Where the next look at the change feed starts (database time); null before the first. */
    private LocalDateTime lookedAt;
    /** The highest product id the change feed has shown: a higher one is new, so cached pages are out of date. */
    private volatile long highestId;
    /** When {@link #preload} last ran ({@link System#nanoTime()}). */
    private long preloadedAt;

    void start(@Observes StartupEvent start) {
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** At the start of shutdown, before the database sessions close (else it polls a closed one until the end). */
    void stop(@Observes ShutdownEvent stop) {
        poller.shutdownNow();
    }

    /** One look at the feed, with the request context the database session needs. */
    private void poll() {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            followChanges();
        } catch (RuntimeException e) {
            LOG.warnf("Catalog change feed failed, next poll retries: %s", e.toString());
        } finally {
            context.terminate();
        }
    }

    void followChanges() {
        boolean first = lookedAt == null;
        long highestBefore = highestId;
        try {
            reads.lagging().doWork(this::followChanges);
        } catch (RuntimeException e) {
            // the next poll looks again from the same point; meanwhile copies age out at the latest
            LOG.warnf("Catalog change feed not read, next poll retries: %s", e.toString());
        }
        if (!first && highestId > highestBefore) {
            // a new product: every page may count or list it. The shared pages first, so none is reloaded from them
            try {
                sharedPages.invalidateAll().await().atMost(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.warnf("Shared product pages not dropped after a new product (they expire by themselves): %s",
                        e.toString());
            }
            local.dropPages();
        }
    }

    private void followChanges(Connection db) throws SQLException {
        LocalDateTime now;
        try (PreparedStatement clock = db.prepareStatement("SELECT NOW(6)"); ResultSet rs = clock.executeQuery()) {
            rs.next();
            now = rs.getObject(1, LocalDateTime.class);
        }
        if (lookedAt == null) {
            // ids above this one are new products from now on
            try (PreparedStatement max = db.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM product");
                    ResultSet rs = max.executeQuery()) {
                rs.next();
                highestId = rs.getLong(1);
            }
        }
        if (lookedAt == null || System.nanoTime() - preloadedAt > config.localExpiry().toNanos() / 2) {
            preload(db);
            preloadedAt = System.nanoTime();
        }
        LocalDateTime from = (lookedAt != null ? lookedAt : now.minus(config.startupLookback()))
                .minus(config.pollOverlap());
        Map<Long, Long> changed = new HashMap<>();
        try (PreparedStatement feed = db.prepareStatement(
                "SELECT id, version FROM product WHERE changed_at >= ?")) {
            feed.setObject(1, from);
            try (ResultSet rs = feed.executeQuery()) {
                while (rs.next()) {
                    changed.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        long highest = highestId;
        List<Long> newer = new ArrayList<>();
        for (Map.Entry<Long, Long> row : changed.entrySet()) {
            ProductData held = local.product(row.getKey());
            if (held == null || held.version() < row.getValue()) {
                newer.add(row.getKey());
            }
            highest = Math.max(highest, row.getKey());
        }
        for (int i = 0; i < newer.size(); i += FETCH_CHUNK) {
            fetch(db, newer.subList(i, Math.min(newer.size(), i + FETCH_CHUNK))).forEach(local::offer);
        }
        highestId = highest;
        lookedAt = now;
    }

    /**
     * Loads the first {@code flashcart.catalog.preload} products (by id) before the first look at the change feed,
     * so an instance that has just started serves them from memory at once instead of from the database. What
     * changes meanwhile, the feed's first look brings (it starts before this load, versions order the rest). It
     * runs again every half {@code local-expiry}, so those products never all expire at once.
     */
    private void preload(Connection db) throws SQLException {
        long after = 0;
        int loaded = 0;
        while (loaded < config.preload()) {
            int chunk = Math.min(FETCH_CHUNK, config.preload() - loaded);
            List<ProductData> rows = new ArrayList<>(chunk);
            try (PreparedStatement select = db.prepareStatement(ROW + " WHERE id > ? ORDER BY id LIMIT ?")) {
                select.setLong(1, after);
                select.setInt(2, chunk);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            rows.forEach(local::offer);
            loaded += rows.size();
            if (rows.size() < chunk) {
                break;
            }
            after = rows.get(rows.size() - 1).id();
        }
        LOG.infof("Catalog: %d products loaded into this instance's copy", loaded);
    }

    private static ProductData row(ResultSet rs) throws SQLException {
        return new ProductData(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                rs.getLong(6));
    }

    private static List<ProductData> fetch(Connection db, List<Long> ids) throws SQLException {
        String marks = Placeholders.repeated(ids.size(), "?");
        List<ProductData> rows = new ArrayList<>(ids.size());
        try (PreparedStatement select = db.prepareStatement(ROW + " WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }
}
