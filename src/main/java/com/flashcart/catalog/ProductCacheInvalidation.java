package com.flashcart.catalog;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.ReadConfig;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/**
 * Drops cached product pages when a product changes: its detail entry and every list page (a page shows price
 * and stock too), in the shared Redis cache and then, through {@link CatalogChannel}, in every instance's own
 * copy. Done through the cache API rather than {@code @CacheInvalidate}, so that a cache outage is logged instead
 * of failing the admin's write, which has already committed. Shared entries also expire on their own after a few
 * seconds, and each instance's copy follows the database's change feed, which bounds staleness whatever happens
 * here.
 */
@ApplicationScoped
public class ProductCacheInvalidation {

    private static final Logger LOG = Logger.getLogger(ProductCacheInvalidation.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Inject
    @CacheName(ProductCatalog.DETAIL_CACHE)
    Cache details;

    @Inject
    @CacheName(ProductCatalog.PAGE_CACHE)
    Cache pages;

    @Inject
    ReadConfig replica;

    @Inject
    CatalogChannel channel;

    void productChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged changed) {
        long productId = changed.productId();
        try {
            // the shared entries first, so an instance that drops its copy on the announcement cannot reload
            // the old one from Redis
            invalidation(productId).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            notInvalidated(productId, e);
        }
        try {
            channel.announce(productId).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Product %d: change not announced to the other instances (their change feed brings it): %s",
                    productId, e.toString());
        }
        // a read before the replica has the change may cache the old row again: drop it once more after the
        // longest lag the replica is used with (without blocking: the delay fires on an event-loop thread)
        Uni.createFrom().voidItem().onItem().delayIt().by(replica.maxLag().plusSeconds(1))
                .chain(() -> invalidation(productId).ifNoItem().after(TIMEOUT).fail())
                .subscribe().with(done -> {
                }, failure -> notInvalidated(productId, failure));
    }

    private Uni<Void> invalidation(long productId) {
        return details.invalidate(productId).chain(() -> pages.invalidateAll());
    }

    private static void notInvalidated(long productId, Throwable failure) {
        LOG.warnf("Product %d: cached pages not invalidated (they expire by themselves): %s", productId, failure.toString());
    }
}
