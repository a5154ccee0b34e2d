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
import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.Problem;
import com.flashcart.common.error.ProblemException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Exactly-once effects for requests that carry an {@code Idempotency-Key} (shared/API.md, "Idempotency").
 * <p>
 * The record (user, key, a hash of operation and body, the answer) is inserted <em>first</em>, in the same
 * transaction as the effect, under a unique (user, key) key. A concurrent repeat's insert then waits on that
 * row lock; when the first commits, the repeat hits the duplicate key and replays the stored answer; when the
 * first rolls back, the repeat goes ahead as if it were first. A business refusal (a 4xx such as
 * INSUFFICIENT_POINTS) rolls the effect back and is then stored on its own, so a repeat gets the same refusal.
 */
@ApplicationScoped
public class Idempotency {

    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int PENDING = 0;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * Runs {@code effect} in a new transaction at most once per (user, key), and returns its answer — or, for a
     * repeat, the first answer. Without a key, the effect simply runs in a new transaction. Either way a
     * transaction that loses a deadlock is retried whole (see {@link Transactions}).
     */
    public <T> T run(IdempotentRequest request, Class<T> answerType, Supplier<T> effect) {
        if (request.key() == null) {
            return Transactions.inNew(() -> {
                serialiseUser(request.userId());
                return effect.get();
            });
        }
        if (!VALID_KEY.matcher(request.key()).matches()) {
            throw ProblemException.invalid("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        String hash = fingerprint(request);
        try {
            return Transactions.inNew(() -> {
                serialiseUser(request.userId());
                insertPending(request, hash);
                T answer = effect.get();
                storeAnswer(request, 200, write(answer));
                return answer;
            });
        } catch (RuntimeException failure) {
            if (SqlErrors.isDuplicateKey(failure)) {
                return replay(request, hash, answerType);
            }
            if (failure instanceof ProblemException refusal && refusal.code().status() < 500
                    && refusal.code() != ErrorCode.RATE_LIMITED) {
                rememberRefusal(request, hash, refusal);
            }
            throw failure;
        }
    }

    /**
     * One user's writes take turns: each locks the user's wallet row first (every account has one, made in the
     * sign-up transaction). So one user's requests always lock in the same order and never deadlock each other —
     * in particular repeats of a key whose first request was refused and rolled back, which would otherwise
     * deadlock on the key's gap locks. Different users never wait for each other here.
     */
    private void serialiseUser(long userId) {
        em.createNativeQuery("SELECT user_id FROM point_wallet WHERE user_id = ?1 FOR UPDATE")
                .setParameter(1, userId)
                .getResultList();
    }

    private void insertPending(IdempotentRequest request, String hash) {
        em.createNativeQuery("""
                INSERT INTO idempotency_record (user_id, idem_key, operation, request_hash, status_code, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, request.userId())
                .setParameter(2, request.key())
                .setParameter(3, request.operation())
                .setParameter(4, hash)
                .setParameter(5, PENDING)
                .setParameter(6, Instant.now(clock))
                .executeUpdate();
    }

    private void storeAnswer(IdempotentRequest request, int status, String body) {
        em.createNativeQuery("""
                UPDATE idempotency_record SET status_code = ?1, response_body = ?2
                WHERE user_id = ?3 AND idem_key = ?4""")
                .setParameter(1, status)
                .setParameter(2, body)
                .setParameter(3, request.userId())
                .setParameter(4, request.key())
                .executeUpdate();
    }

    private void rememberRefusal(IdempotentRequest request, String hash, ProblemException refusal) {
        String body = write(Problem.of(refusal.code(), refusal.getMessage()));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                serialiseUser(request.userId());
                insertPending(request, hash);
                storeAnswer(request, refusal.code().status(), body);
            });
        } catch (RuntimeException raced) {
            if (!SqlErrors.isDuplicateKey(raced)) {
                throw raced;
            }
            // a repeat got in first and its answer stands; this request still reports its own refusal
        }
    }

    private <T> T replay(IdempotentRequest request, String hash, Class<T> answerType) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT request_hash, status_code, response_body FROM idempotency_record
                WHERE user_id = ?1 AND idem_key = ?2""")
                .setParameter(1, request.userId())
                .setParameter(2, request.key())
                .getResultList());
        if (rows.isEmpty()) {
            throw new ProblemException(ErrorCode.UNAVAILABLE, "The first request with this key is still in progress");
        }
        Object[] row = (Object[]) rows.get(0);
        if (!hash.equals(row[0])) {
            throw new ProblemException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request");
        }
        int status = ((Number) row[1]).intValue();
        String body = (String) row[2];
        try {
            if (status >= 400) {
                Problem problem = json.readValue(body, Problem.class);
                throw new ProblemException(ErrorCode.valueOf(problem.code()), problem.detail());
            }
            return json.readValue(body, answerType);
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
