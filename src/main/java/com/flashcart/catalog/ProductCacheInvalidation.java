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
 * and stock too). Done through the cache API rather than {@code @CacheInvalidate}, so that a cache outage is
 * logged instead of failing the admin's write, which has already committed. Entries also expire on their own
 * after a few seconds, which bounds staleness whatever happens here.
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

    void productChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged changed) {
        long productId = changed.productId();
        try {
            invalidation(productId).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            notInvalidated(productId, e);
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
