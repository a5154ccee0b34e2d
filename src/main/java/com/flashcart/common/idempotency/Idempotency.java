package com.flashcart.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.Problem;
import com.flashcart.common.error.ProblemException;

/**
 * Exactly-once effects for requests that carry an {@code Idempotency-Key} (shared/API.md, "Idempotency"): every
 * request with the same key gets the same answer, whatever races it, for as long as the key is kept.
 * <p>
 * Everything happens in one transaction, under the user's write lock ({@link UserWriteLock}), so one user's keyed
 * requests take turns and no two of them ever decide at once. The effect runs after a savepoint; then its answer
 * is recorded under the unique (user, key). A business refusal (a 4xx such as INSUFFICIENT_POINTS) undoes the
 * effect to the savepoint and is recorded the same way, in the same transaction — so a repeat queued on the lock
 * finds the refusal, never a second chance against a changed balance. When the key is already recorded (a repeat),
 * the insert finds it taken: the effect is undone to the savepoint and the recorded answer is replayed.
 * <p>
 * The operations an effect calls join this transaction and leave its outcome to this class: they are
 * {@code @Transactional(value = MANDATORY, dontRollbackOn = ProblemException.class)}, as a refusal they throw is
 * decided here.
 */
@ApplicationScoped
public class Idempotency {

    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    UserWriteLock userLock;

    @Inject
    Clock clock;

    /** What a transaction decided: an answer to return, or a refusal to throw once it has committed. */
    private record Outcome<T>(T answer, ProblemException refusal) {
    }

    /**
     * Runs {@code effect} in a new transaction at most once per (user, key), and returns its answer — or, for a
     * repeat, the first answer (a recorded refusal is thrown again). Without a key, the effect simply runs in a new
     * transaction under the user's write lock. Either way a transaction that loses a deadlock is retried whole
     * (see {@link Transactions}).
     */
    public <T> T run(IdempotentRequest request, Class<T> answerType, Supplier<T> effect) {
        if (request.key() == null) {
            return Transactions.inNew(() -> {
                userLock.lock(request.userId());
                return effect.get();
            });
        }
        if (!VALID_KEY.matcher(request.key()).matches()) {
            throw ProblemException.invalid("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        String hash = fingerprint(request);
        Outcome<T> outcome = Transactions.inNew(() -> decide(request, hash, answerType, effect));
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.answer();
    }

    private <T> Outcome<T> decide(IdempotentRequest request, String hash, Class<T> answerType, Supplier<T> effect) {
        userLock.lock(request.userId());
        em.createNativeQuery("SAVEPOINT idempotent_effect").executeUpdate();
        Outcome<T> outcome;
        try {
            outcome = new Outcome<>(effect.get(), null);
        } catch (ProblemException refusal) {
            if (refusal.code().status() >= 500 || refusal.code() == ErrorCode.RATE_LIMITED) {
                throw refusal;
            }
            outcome = new Outcome<>(null, refusal);
        }
        int status = outcome.refusal() == null ? 200 : outcome.refusal().code().status();
        String body = outcome.refusal() == null ? write(outcome.answer())
                : write(Problem.of(outcome.refusal().code(), outcome.refusal().getMessage()));
        if (outcome.refusal() != null) {
            undoEffect();
        }
        if (record(request, hash, status, body)) {
            return outcome;
        }
        // a repeat: the key is recorded already
        if (outcome.refusal() == null) {
            undoEffect();
        }
        return replay(request, hash, answerType);
    }

    /** Drops what the effect did since the savepoint, in the database and in the persistence context. */
    private void undoEffect() {
        em.clear();
        em.createNativeQuery("ROLLBACK TO SAVEPOINT idempotent_effect").executeUpdate();
    }

    /** Records the answer; false when the key is recorded already (nothing changed then). */
    private boolean record(IdempotentRequest request, String hash, int status, String body) {
        return em.createNativeQuery("""
                INSERT IGNORE INTO idempotency_record
                    (user_id, idem_key, operation, request_hash, status_code, response_body, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, request.userId())
                .setParameter(2, request.key())
                .setParameter(3, request.operation())
                .setParameter(4, hash)
                .setParameter(5, status)
                .setParameter(6, body)
                .setParameter(7, Instant.now(clock))
                .executeUpdate() == 1;
    }

    private <T> Outcome<T> replay(IdempotentRequest request, String hash, Class<T> answerType) {
        List<?> rows = em.createNativeQuery("""
                SELECT request_hash, status_code, response_body FROM idempotency_record
                WHERE user_id = ?1 AND idem_key = ?2""")
                .setParameter(1, request.userId())
                .setParameter(2, request.key())
                .getResultList();
        Object[] row = (Object[]) rows.get(0);
        if (!hash.equals(row[0])) {
            return new Outcome<>(null, new ProblemException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request"));
        }
        int status = ((Number) row[1]).intValue();
        String body = (String) row[2];
        try {
            if (status >= 400) {
                Problem problem = json.readValue(body, Problem.class);
                return new Outcome<>(null, new ProblemException(ErrorCode.valueOf(problem.code()), problem.detail()));
            }
            return new Outcome<>(json.readValue(body, answerType), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable stored answer for an idempotency key", e);
        }
    }

    private String fingerprint(IdempotentRequest request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(request.operation().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(json.writeValueAsBytes(request.body()));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
