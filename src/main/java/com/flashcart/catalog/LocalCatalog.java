package com.flashcart.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.catalog.ProductCatalog.Page;
import com.flashcart.catalog.ProductCatalog.ProductData;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * This instance's own copy of the products it has shown, in front of the shared Redis cache: a product page
 * served from here costs no network round trip at all. Three things keep the copy true:
 * <ul>
 * <li><b>Versions.</b> Every change of a product row raises its {@code version}; a copy only ever replaces an
 * older one ({@link #offer(ProductData)}), so a slow load or an entry of the shared cache read just before a
 * change can never bring an older row back.</li>
 * <li><b>The change feed</b> ({@link CatalogChangeFeed}) offers every row that changed, a poll interval after
 * it did.</li>
 * <li><b>Announcements.</b> An admin's change drops the product on every instance at once through
 * {@link CatalogChannel}, so the next read anywhere shows it.</li>
 * </ul>
 * Entries also expire after {@code flashcart.catalog.local-expiry}, which bounds the life of a copy should every one
 * of those ever miss a change. Pages (which ids, in which order, how many in all) are kept for
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

    record PageKey(int page, int size) {
    }

    private final Cache<Long, ProductData> products;
    private final Cache<PageKey, Page> pages;

    /** Raised whenever the pages are dropped. */
    private final AtomicLong pageGeneration = new AtomicLong();

    @Inject
    LocalCatalog(CatalogConfig config) {
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

    /** Drops every page (a new product may appear on any of them and changes every count). */
    void dropPages() {
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
}
