package com.flashcart.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.catalog.ProductCatalog.Page;
import com.flashcart.catalog.ProductCatalog.ProductData;
import com.flashcart.common.db.ReadSource;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.cache.CacheName;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;

/**
 * This instance's own copy of the products it has shown, in front of the shared Redis cache: a product page
 * served from here costs no network round trip at all. Three things keep the copy true:
 * <ul>
 * <li><b>Versions.</b> Every change of a product row raises its {@code version}; a copy only ever replaces an
 * older one ({@link #offer(ProductData)}), so a slow load or an entry of the shared cache read just before a
 * change can never bring an older row back.</li>
 * <li><b>The change feed.</b> Every {@code flashcart.catalog.poll-interval} the instance asks the replica which
 * rows changed since its last look ({@code changed_at}, stamped by the database itself) and fetches those whose
 * version is newer than its own. This is what keeps stock fresh while orders change it: a page shows stock at
 * most one poll interval plus the replica's lag old. The look overlaps the previous one by the replica's maximum
 * lag plus a margin, so a transaction that commits a moment after it stamped its rows is not missed.</li>
 * <li><b>Announcements.</b> An admin's change drops the product on every instance at once through
 * {@link CatalogChannel}, so the next read anywhere shows it.</li>
 * </ul>
 * An instance loads the first products into its copy when it starts ({@code flashcart.catalog.preload}), so it
 * does not send a burst of reads to the database while its copy fills. Entries also expire after
 * {@code flashcart.catalog.local-expiry}, which bounds the life of a copy should every one of those ever miss a
 * change. Pages (which ids, in which order, how many in all) are kept for
 * {@code flashcart.catalog.page-expiry} and dropped when a new product appears; the items on them are always
 * shown at the newest version this instance knows.
 */
@ApplicationScoped
@RegisterForReflection(classNames = {
        // Caffeine builds each cache from a class generated for its exact features (S = strong keys, S = strong
        // values, M = maximum, W/S = by weight/size, W = expire after write) and loads it by name, which a native
        // executable only allows for registered classes. quarkus-caffeine registers the classes Quarkus' own caches
        // need, not these; registering all of Caffeine's (quarkus.index-dependency) costs megabytes of executable.
        // LocalCatalogNativeTest derives this list from the caches productCache() and pageCache() really build.
        "com.github.benmanes.caffeine.cache.SSMWW", "com.github.benmanes.caffeine.cache.PSWMW",
        "com.github.benmanes.caffeine.cache.SSMSW", "com.github.benmanes.caffeine.cache.PSWMS" })
public class LocalCatalog {

    private static final Logger LOG = Logger.getLogger(LocalCatalog.class);
    private static final int FETCH_CHUNK = 500;
    /** What {@link #row} reads. */
    private static final String ROW = "SELECT id, name, description, price, stock, version FROM product";

    record PageKey(int page, int size) {
    }

    private final Cache<Long, ProductData> products;
    private final Cache<PageKey, Page> pages;
    private final CatalogConfig config;

    @Inject
    ReadSource reads;

    @Inject
    @CacheName(ProductCatalog.PAGE_CACHE)
    io.quarkus.cache.Cache sharedPages;

    /** Where the next look at the change feed starts (database time); null before the first. */
    private LocalDateTime lookedAt;
    /** The highest product id the change feed has shown: a higher one is new, so cached pages are out of date. */
    private volatile long highestId;
    /** When {@link #preload} last ran ({@link System#nanoTime()}). */
    private long preloadedAt;
    /** Raised whenever the pages are dropped. */
    private final AtomicLong pageGeneration = new AtomicLong();

    @Inject
    LocalCatalog(CatalogConfig config) {
        this.config = config;
        this.products = productCache(config);
        this.pages = pageCache(config);
    }

    static Cache<Long, ProductData> productCache(CatalogConfig config) {
        return Caffeine.newBuilder()
                .maximumWeight(config.localMaxBytes())
                .weigher((Long id, ProductData p) -> 96 + 2 * (p.name().length() + p.description().length()))
                .expireAfterWrite(config.localExpiry())
                .build();
    }

    static Cache<PageKey, Page> pageCache(CatalogConfig config) {
        return Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(config.pageExpiry())
                .build();
    }

    /** The newest copy of a product this instance holds, or null. */
    public ProductData product(long id) {
        return products.getIfPresent(id);
    }

    /** Keeps {@code product} unless a newer version is already here; returns whichever is newest. */
    public ProductData offer(ProductData product) {
        // an equal version replaces the copy too, which restarts its expiry (see preload)
        return products.asMap().merge(product.id(), product, (held, offered) ->
                offered.version() >= held.version() ? offered : held);
    }

    /** A page this instance holds, with every item at the newest version known here; null when it must be loaded. */
    public Page heldPage(int page, int size) {
        Page held = pages.getIfPresent(new PageKey(page, size));
        return held == null ? null : freshest(held);
    }

    /**
     * A page with every item at the newest version known here, from this instance's pages or else from
     * {@code load} (the shared cache, then the database). Concurrent requests for a page that is not here wait for
     * one load instead of each loading it. A page loaded while the pages were dropped (an announcement, a new
     * product) is answered but not kept, as its load may have read the shared cache before that was dropped too.
     */
    public Page page(int page, int size, Supplier<Page> load) {
        PageKey key = new PageKey(page, size);
        long generation = pageGeneration.get();
        Page held = pages.get(key, k -> {
            Page loaded = load.get();
            loaded.items().forEach(this::offer);
            return loaded;
        });
        if (generation != pageGeneration.get()) {
            pages.asMap().remove(key, held);
        }
        return freshest(held);
    }

    /** Drops a product and every page (a page shows its name, price and stock, and counts it). */
    public void forget(long productId) {
        products.invalidate(productId);
        dropPages();
    }

    private void dropPages() {
        pageGeneration.incrementAndGet();
        pages.invalidateAll();
    }

    private Page freshest(Page page) {
        List<ProductData> items = new ArrayList<>(page.items().size());
        for (ProductData item : page.items()) {
            ProductData held = products.getIfPresent(item.id());
            items.add(held != null && held.version() > item.version() ? held : item);
        }
        return new Page(items, page.page(), page.size(), page.total());
    }

    @Scheduled(every = "${flashcart.catalog.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
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
            dropPages();
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
            ProductData held = products.getIfPresent(row.getKey());
            if (held == null || held.version() < row.getValue()) {
                newer.add(row.getKey());
            }
            highest = Math.max(highest, row.getKey());
        }
        for (int i = 0; i < newer.size(); i += FETCH_CHUNK) {
            fetch(db, newer.subList(i, Math.min(newer.size(), i + FETCH_CHUNK))).forEach(this::offer);
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
            rows.forEach(this::offer);
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
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
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
