package com.flashcart.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;

import io.smallrye.mutiny.Uni;

/**
 * Login sessions in Redis, shared by every instance. A token is 256 random bits; Redis keeps only its SHA-256
 * ({@code fc:session:<hex>}: a hash of uid, role and the absolute expiry), so a copy of Redis holds no usable
 * token. The key's TTL is the idle timeout, restarted on every use; the absolute expiry caps it.
 */
@ApplicationScoped
public class SessionStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final RedisScript TOUCH = RedisScript.fromResource("redis/session-touch.lua");
    private static final RedisScript CREATE = RedisScript.fromResource("redis/session-create.lua");

    private final SecureRandom random = new SecureRandom();

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    SessionConfig config;

    @Inject
    Clock clock;

    public record NewSession(String token, Instant expiresAt) {
    }

    public record Session(long userId, String role) {
    }

    public NewSession create(long userId, String role) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now(clock);
        Instant absolute = now.plus(config.absoluteTimeout());
        CREATE.call(eventLoopRedis, List.of(key(token)), List.of(Long.toString(userId), role,
                Long.toString(absolute.getEpochSecond()), Long.toString(config.idleTimeout().toSeconds())))
                .await().atMost(TIMEOUT);
        Instant idle = now.plus(config.idleTimeout());
        return new NewSession(token, idle.isBefore(absolute) ? idle : absolute);
    }

    /** The live session behind a token (sliding its idle timeout), or empty for an unknown or expired one. */
    public Uni<Optional<Session>> touch(String token) {
        String now = Long.toString(Instant.now(clock).getEpochSecond());
        return TOUCH.call(eventLoopRedis, List.of(key(token)), List.of(Long.toString(config.idleTimeout().toSeconds()), now))
                .map(r -> r == null ? Optional.<Session> empty()
                        : Optional.of(new Session(r.get(0).toLong(), r.get(1).toString())));
    }

    public void delete(String token) {
        eventLoopRedis.execute("DEL", key(token)).await().atMost(TIMEOUT);
    }

    static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "fc:session:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
