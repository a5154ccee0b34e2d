package com.flashcart.catalog;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.flashcart.catalog.read.ProductView;
import com.flashcart.common.db.ReadSource;
import com.flashcart.common.error.ProblemException;

import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Catalog reads, from the nearest place that has them: this instance's own copy ({@link LocalCatalog}), then the
 * Redis cache every instance shares (see {@link ProductCacheInvalidation}), then the replica. Products are created
 * and changed by {@link ProductAdmin}. A cache failure never fails a read: the read then goes to the database.
 */
@ApplicationScoped
public class ProductCatalog {

    private static final Logger LOG = Logger.getLogger(ProductCatalog.class);

    /** Cache names; entries expire after {@code quarkus.cache.redis.<name>.expire-after-write}. */
    public static final String DETAIL_CACHE = "product-detail";
    public static final String PAGE_CACHE = "product-pages";

    @Inject
    ReadSource reads;

    @Inject
    LocalCatalog local;

    /**
     * A product as catalog pages show it; a plain record, so it can be cached as JSON. {@code version} is the
     * row's: it orders copies, so an older one never replaces a newer one.
     */
    @RegisterForReflection
    public record ProductData(long id, String name, String description, long price, int stock, long version) {
    }

    @RegisterForReflection
    public record Page(List<ProductData> items, int page, int size, long total) {
    }

    /** A cached detail lookup: {@code product} is null for an unknown id (misses are cached too, as briefly). */
    @RegisterForReflection
    public record Lookup(ProductData product) {
    }

    /** The product's detail if this instance holds it (no I/O: fine on an event loop), else null. */
    public ProductDetail heldDetail(long id) {
        ProductData held = local.product(id);
        return held == null ? null : ProductDetail.of(held);
    }

    /** The page if this instance holds it (no I/O: fine on an event loop), else null. */
    public ProductPage heldListing(int page, int size) {
        Page held = local.heldPage(page, size);
        return held == null ? null : ProductPage.of(held);
    }

    public ProductDetail detail(long id) {
        return product(id).map(ProductDetail::of).orElseThrow(() -> ProblemException.notFound("Product"));
    }

    public ProductPage listing(int page, int size) {
        return ProductPage.of(page(page, size));
    }

    public Optional<ProductData> product(long id) {
        ProductData held = local.product(id);
        if (held != null) {
            return Optional.of(held);
        }
        ProductData loaded = orFromDatabase(() -> cachedProduct(id), () -> loadProduct(id)).product();
        return Optional.ofNullable(loaded == null ? null : local.offer(loaded));
    }

    public Page page(int page, int size) {
        return local.page(page, size, () -> orFromDatabase(() -> cachedPage(page, size), () -> loadPage(page, size)));
    }

    @CacheResult(cacheName = DETAIL_CACHE)
    Lookup cachedProduct(@CacheKey long id) {
        return databaseRead(() -> loadProduct(id));
    }

    @CacheResult(cacheName = PAGE_CACHE)
    Page cachedPage(@CacheKey int page, @CacheKey int size) {
        return databaseRead(() -> loadPage(page, size));
    }

    // cache loaders may run on another thread than the request's; the read needs a request context of its own there
    @ActivateRequestContext
    Lookup loadProduct(long id) {
        ProductView p = reads.lagging().find(ProductView.class, id);
        return new Lookup(p == null ? null : data(p));
    }

    @ActivateRequestContext
    Page loadPage(int page, int size) {
        Session session = reads.lagging();
        List<ProductData> items = session
                .createSelectionQuery("from ProductView order by id", ProductView.class)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList().stream().map(ProductCatalog::data).toList();
        long total = session
                .createSelectionQuery("select count(*) from ProductView", Long.class)
                .getSingleResult();
        return new Page(items, page, size, total);
    }

    private static ProductData data(ProductView p) {
        return new ProductData(p.id, p.name, p.description, p.price, p.stock, p.version);
    }

    /** A failure of the database read inside a cached call, told apart from a failure of the cache itself. */
    private static final class DatabaseReadFailed extends RuntimeException {
        DatabaseReadFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private static <T> T databaseRead(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw new DatabaseReadFailed(e);
        }
    }

    private static <T> T orFromDatabase(Supplier<T> cached, Supplier<T> direct) {
        try {
            return cached.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof DatabaseReadFailed failed) {
                    throw (RuntimeException) failed.getCause();
                }
            }
            LOG.warnf("Product cache unavailable, reading the database: %s", e.toString());
            return direct.get();
        }
    }
}
