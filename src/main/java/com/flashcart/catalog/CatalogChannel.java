package com.flashcart.catalog;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Tells every instance, through a Redis channel, that a product changed, so each drops its own copy
 * ({@link LocalCatalog#forget(long)}) at once. This is the fast path only: should a message be lost (Redis
 * restarting, the subscription dropped), the change feed that {@link LocalCatalog} polls still brings the change
 * within a poll interval. A dropped subscription is noticed and renewed.
 */
@ApplicationScoped
public class CatalogChannel {

    private static final Logger LOG = Logger.getLogger(CatalogChannel.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    LocalCatalog local;

    @Inject
    CatalogConfig config;

    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean subscribing;
    private volatile boolean stopping;

    void start(@Observes StartupEvent start) {
        listen();
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        ReactiveRedisSubscriber current = subscriber;
        subscriber = null;
        if (current != null) {
            current.unsubscribe().subscribe().with(done -> {
            }, failure -> {
            });
        }
    }

    /** Announces a committed change of a product to every instance, this one included. */
    public Uni<Void> announce(long productId) {
        local.forget(productId);
        return redis.pubsub(String.class).publish(config.channel(), Long.toString(productId))
                .ifNoItem().after(TIMEOUT).fail();
    }

    /** Whether this instance currently hears announcements. */
    public boolean listening() {
        return subscriber != null;
    }

    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keepListening() {
        if (subscriber == null && !stopping) {
            listen();
        }
    }

    private void listen() {
        if (subscribing) {
            return;
        }
        subscribing = true;
        redis.pubsub(String.class)
                .subscribe(config.channel(), this::heard, this::dropped, this::failed)
                .ifNoItem().after(SUBSCRIBE_TIMEOUT).fail()
                .subscribe().with(s -> {
                    subscriber = s;
                    subscribing = false;
                }, failure -> {
                    subscribing = false;
                    LOG.warnf("Not listening to catalog changes yet (the change feed still brings them): %s",
                            failure.toString());
                });
    }

    private void heard(String message) {
        try {
            local.forget(Long.parseLong(message));
        } catch (NumberFormatException e) {
            LOG.warnf("Ignored a catalog change message that is not a product id: %.40s", message);
        }
    }

    private void dropped() {
        subscriber = null;
    }

    private void failed(Throwable failure) {
        subscriber = null;
        if (stopping) {
            return;
        }
        LOG.warnf("Catalog change subscription lost, renewing it: %s", failure.toString());
    }
}
