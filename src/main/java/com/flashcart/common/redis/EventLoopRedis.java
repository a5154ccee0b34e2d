package com.flashcart.common.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

/**
 * Redis commands sent on the calling event loop's own connections.
 * <p>
 * The Quarkus Redis client keeps every pooled connection on one event loop (the one its pool was created on). A
 * request served on any other event loop hands each command to that loop and gets the reply handed back: two thread
 * hand-offs and their wake-ups per command, which for a request that needs a session lookup and a gate script is
 * a measurable share of its cost (docs/architecture.md, "Redis from the event loops"). Here each event loop gets a
 * client of its own, with the same options as the default client (captured as Quarkus builds them, so hosts, TLS
 * and password are configured once), whose connections live on that loop: a command and its reply stay on the
 * thread that serves the request. Called from any other thread (a worker), a command goes through one more client
 * of the same options, the workers'.
 * <p>
 * The pool limits ({@code quarkus.redis.max-pool-size}, {@code max-pool-waiting}) apply to each of these clients.
 */
@ApplicationScoped
public class EventLoopRedis implements RedisOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(EventLoopRedis.class);

    // both looked up when first used: Quarkus calls customize() while it builds the default client, before these exist
    @Inject
    Instance<Vertx> vertx;

    /** The default client: for commands sent before Quarkus has built it (and so before {@link #options} exist). */
    @Inject
    Instance<ReactiveRedisDataSource> shared;

    /** The default client's options, as Quarkus built them; null until it has. */
    private volatile RedisOptions options;

    /** Where the client of the callers off the event loops is kept in {@link #clients}. */
    private static final String WORKERS = "workers";

    /** By event loop, and the workers' client under {@link #WORKERS}. */
    private final Map<Object, Redis> clients = new ConcurrentHashMap<>();

    @Override
    public void customize(String clientName, RedisOptions built) {
        if (RedisConfig.isDefaultClient(clientName)) {
            options = new RedisOptions(built);
        }
    }

    /** Sends {@code command} with {@code args}, as {@link ReactiveRedisDataSource#execute(String, String...)}. */
    public Uni<Response> execute(String command, String... args) {
        if (options == null) {
            return shared.get().execute(command, args);
        }
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        Context current = io.vertx.core.Vertx.currentContext();
        Object home;
        Redis client;
        if (current != null && current.isEventLoopContext()) {
            home = ((ContextInternal) current).nettyEventLoop();
            client = clientOf((ContextInternal) current);
        } else {
            home = WORKERS;
            client = clients.computeIfAbsent(WORKERS,
                    workers -> Redis.createClient(vertx.get(), ownOptions(WORKERS)));
        }
        return client.send(request).onFailure(EventLoopRedis::fromADemotedPrimary).invoke(() -> retire(home, client));
    }

    /**
     * After a failover the primary endpoint names another node, but a pooled connection still talks to the old
     * primary, now a replica that refuses every write with {@code READONLY}; in use, a connection is never recycled.
     * That reply retires the client that got it (a loop's, or the workers') with all its connections: the next command
     * makes a new one, which connects through the endpoint again (the failed command is not repeated: its caller sees
     * the failure, as any other).
     */
    private static boolean fromADemotedPrimary(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("READONLY");
    }

    private void retire(Object home, Redis client) {
        if (clients.remove(home, client)) {
            LOG.warnf("Redis answered READONLY (a failover moved the primary): the %s client's connections closed, "
                    + "reconnecting", home == WORKERS ? WORKERS : Thread.currentThread().getName());
            client.close();
        }
    }

    private Redis clientOf(ContextInternal current) {
        return clients.computeIfAbsent(current.nettyEventLoop(), loop -> {
            RedisOptions own = ownOptions(Thread.currentThread().getName());
            // the pool takes the context current when the client is made as its connections' home: the event
            // loop's own context, never the request's duplicate (which carries that request's local data)
            Redis[] made = new Redis[1];
            current.unwrap().dispatch(() -> made[0] = Redis.createClient(vertx.get(), own));
            return made[0];
        });
    }

    /** The default client's options, its pool's metrics tagged with {@code whose} (an event loop's thread, workers). */
    private RedisOptions ownOptions(String whose) {
        return new RedisOptions(options).setPoolName(options.getPoolName() + "@" + whose);
    }

    void close(@Observes ShutdownEvent shutdown) {
        clients.values().forEach(Redis::close);
        clients.clear();
    }
}
