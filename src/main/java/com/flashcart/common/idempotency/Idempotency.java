package com.flashcart.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.PrimaryPools;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.Problem;
import com.flashcart.common.error.ProblemException;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Exactly-once effects for requests that carry an {@code Idempotency-Key} (shared/API.md, "Idempotency"): every
 * request with the same key gets the same answer, whatever races it, for as long as the key is kept.
 * <p>
 * The effect and its answer commit together: the effect runs in a new transaction, which then records the answer
 * under the unique (user, key) with an {@code INSERT IGNORE}. The unique key is what makes repeats take turns: a
 * concurrent repeat's insert waits for the first request's transaction, and once that has committed finds the key
 * taken, so the repeat's transaction is rolled back whole and the recorded answer is read and replayed — never a
 * second chance against a changed balance. If the first rolled back, the repeat's insert goes through and its own
 * answer is the key's. A business refusal (a 4xx such as INSUFFICIENT_POINTS) rolls its transaction back and is
 * then recorded on its own, by one autocommit {@code INSERT IGNORE}; if a repeat has recorded an answer in the
 * moment between, that answer is the key's and both get it. No lock is taken before the effect and no savepoint is
 * set: a keyed write costs its one insert more than an unkeyed one.
 * <p>
 * The operations an effect calls join this transaction and leave its outcome to this class: they are
 * {@code @Transactional(value = MANDATORY, dontRollbackOn = ProblemException.class)}, as a refusal they throw is
 * decided here.
 */
@ApplicationScoped
public class Idempotency {

    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** What a transaction decided: an answer to return, or a refusal to throw once it has committed. */
    private record Outcome<T>(T answer, ProblemException refusal, boolean fresh) {
    }

    /** An answer, and whether this request's effect produced it ({@code fresh}) or it is the key's earlier one. */
    public record Answer<T>(T value, boolean fresh) {
    }

    /**
     * A keyed request the stock gate refused ({@link #refuseLater}): {@code firstHash} is the fingerprint of the
     * request the gate refused first under this key a moment ago, or null when this is that first request.
     */
    private record Refusal(IdempotentRequest request, String hash, ProblemException refusal, String firstHash,
            Class<?> answerType, CompletableFuture<Object> answer) {
    }

    /** What {@link #decide} returns when the key was recorded by another request: the answer is read after. */
    private static final Outcome<Object> KEY_TAKEN = new Outcome<>(null, null, false);

    private static final int MAX_BATCH = 500;
    private static final int ATTEMPTS = 3;
    /**
     * How long a batch of refusals waits for more to join: each batch is one statement, a commit on the primary and
     * a transaction on the replica, so a crowd's refusals go many per statement instead of two or three.
     */
    private static final Duration CLAIM_LINGER = Duration.ofMillis(10);

    /** Records refused requests' answers under their keys, many per statement, then answers them. */
    private final GroupCommit<Refusal, Boolean> refusalClaims = new GroupCommit<>("idempotent-refusal-writer",
            MAX_BATCH, r -> Boolean.TRUE, this::answerRefusals, (r, e) -> r.answer().completeExceptionally(e),
            CLAIM_LINGER);

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    void start(@Observes StartupEvent start) {
        refusalClaims.start();
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is
     * (a pre-destroy callback would race the datasources' own).
     */
    void stop(@Observes ShutdownEvent stop) {
        refusalClaims.stop();
    }

    /**
     * Runs {@code effect} in a new transaction at most once per (user, key), and returns its answer — or, for a
     * repeat, the first answer (a recorded refusal is thrown again). Without a key, the effect simply runs in a new
     * transaction. Either way a transaction that loses a deadlock is retried whole
     * (see {@link Transactions}).
     */
    public <T> T run(IdempotentRequest request, Class<T> answerType, Supplier<T> effect) {
        return answer(request, answerType, effect).value();
    }

    /** {@link #run}, telling also whether the answer is this request's own (its effect committed) or a replay. */
    public <T> Answer<T> answer(IdempotentRequest request, Class<T> answerType, Supplier<T> effect) {
        if (request.key() == null) {
            // nothing to record, so no write lock either: the effect's own conditional updates decide
            return new Answer<>(Transactions.inNew(effect::get), true);
        }
        String hash = fingerprint(request);
        for (int attempt = 1;; attempt++) {
            Outcome<T> outcome = Transactions.inNew(() -> decide(request, hash, answerType, effect));
            if (outcome == KEY_TAKEN) {
                outcome = replay(request, hash, answerType);
            } else if (outcome.refusal() != null && !recordRefusal(request, hash, outcome.refusal())) {
                outcome = replay(request, hash, answerType);
            }
            if (outcome == null && attempt < ATTEMPTS) {
                continue; // the record went between its insert and this read (the retention sweep): decide afresh
            }
            if (outcome == null) {
                throw new IllegalStateException("An Idempotency-Key's record vanished " + ATTEMPTS + " times");
            }
            if (outcome.refusal() != null) {
                throw outcome.refusal();
            }
            return new Answer<>(outcome.answer(), outcome.fresh());
        }
    }

    /**
     * The answer to a keyed request refused before it could take effect (the stock gate said no), without a
     * transaction. The future completes with the answer that holds for the key, once it is on record: the refusal
     * claims the key with one autocommit {@code INSERT IGNORE} (many refusals per statement), and when the key has
     * an answer already, that answer is replayed instead (which may be a success, or IDEMPOTENCY_KEY_REUSED for
     * another body). The insert waits for a transaction that is still writing the key, so it finds that
     * transaction's answer. A request whose key the gate refused a moment ago for another body ({@code firstHash},
     * that request's fingerprint) claims nothing: it gets the key's recorded answer, or IDEMPOTENCY_KEY_REUSED.
     *
     * @param hash {@link #fingerprint} of the request
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> refuseLater(IdempotentRequest request, String hash, ProblemException refusal,
            String firstHash, Class<T> answerType) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        refusalClaims.submit(new Refusal(request, hash, refusal, firstHash, answerType, answer));
        return (CompletableFuture<T>) answer;
    }

    /** The fingerprint that tells a repeat of a request from another request under its key; 400 for a bad key. */
    public String fingerprint(IdempotentRequest request) {
        return hash(validated(request));
    }

    /**
     * The 400 a key the contract does not allow gets, before the request joins anything (the key is not hashed); null
     * for a valid key or none. For callers that answer with a failed {@code Uni} rather than a throw.
     */
    public ProblemException invalidKey(IdempotentRequest request) {
        return request.key() == null || VALID_KEY.matcher(request.key()).matches() ? null
                : ProblemException.invalid("Idempotency-Key must be 1 to 255 visible ASCII characters");
    }

    /** A keyed request's recorded answer, as a group commit of effects needs it (see {@link #earlier}). */
    public record Recorded<T>(T answer, ProblemException refusal) {
    }

    /**
     * For a group commit of effects: the answers the keys of {@code keyed} already have, in the caller's transaction
     * (which must hold the users' write locks, {@link UserWriteLock#lock(java.util.Collection)}). A request absent
     * from the result is the first with its key; its answer is then recorded with {@link #recordAll}.
     */
    public <T> Map<IdempotentRequest, Recorded<T>> earlier(List<IdempotentRequest> keyed, Class<T> answerType) {
        Map<IdempotentRequest, Recorded<T>> earlier = new HashMap<>();
        if (keyed.isEmpty()) {
            return earlier;
        }
        Query reading = em.createNativeQuery(selectRecords(keyed.size()));
        int p = 1;
        for (IdempotentRequest request : keyed) {
            reading.setParameter(p++, request.userId()).setParameter(p++, validated(request).key());
        }
        Map<String, Object[]> rows = new HashMap<>();
        for (Object row : reading.getResultList()) {
            Object[] columns = (Object[]) row;
            rows.put(recordKey(((Number) columns[0]).longValue(), (String) columns[1]), columns);
        }
        for (IdempotentRequest request : keyed) {
            Object[] row = rows.get(recordKey(request));
            if (row != null) {
                Outcome<T> stored = stored(hash(request), (String) row[2], ((Number) row[3]).intValue(),
                        (String) row[4], answerType);
                earlier.put(request, new Recorded<>(stored.answer(), stored.refusal()));
            }
        }
        return earlier;
    }

    /**
     * Records each keyed request's answer (a value or a refusal) in one statement, in the caller's transaction. False
     * when a key had an answer already (recorded by a request that did not wait for the caller's locks): that key's
     * answer is not this one, so the caller rolls back.
     */
    public boolean recordAll(Map<IdempotentRequest, Recorded<?>> answers) {
        if (answers.isEmpty()) {
            return true;
        }
        Query inserting = em.createNativeQuery(insertRecords("INSERT IGNORE", answers.size()));
        Instant now = Instant.now(clock);
        int p = 1;
        for (Map.Entry<IdempotentRequest, Recorded<?>> answer : answers.entrySet()) {
            IdempotentRequest request = answer.getKey();
            ProblemException refusal = answer.getValue().refusal();
            inserting.setParameter(p++, request.userId()).setParameter(p++, request.key())
                    .setParameter(p++, request.operation()).setParameter(p++, hash(request))
                    .setParameter(p++, refusal == null ? 200 : refusal.code().status())
                    .setParameter(p++, refusal == null ? write(answer.getValue().answer())
                            : write(Problem.of(refusal.code(), refusal.getMessage())))
                    .setParameter(p++, now);
        }
        return inserting.executeUpdate() == answers.size();
    }

    private IdempotentRequest validated(IdempotentRequest request) {
        ProblemException invalid = invalidKey(request);
        if (invalid != null) {
            throw invalid;
        }
        return request;
    }

    /**
     * In the request's transaction: the effect, then its answer's record. When the effect refuses (a 4xx), or the
     * key turns out to be recorded already, the whole transaction is rolled back and {@link #answer} settles the
     * key after it: a refusal is recorded on its own, a taken key's answer is read.
     */
    @SuppressWarnings("unchecked")
    private <T> Outcome<T> decide(IdempotentRequest request, String hash, Class<T> answerType, Supplier<T> effect) {
        T answer;
        try {
            answer = effect.get();
        } catch (ProblemException refusal) {
            if (refusal.code().status() >= 500 || refusal.code() == ErrorCode.RATE_LIMITED) {
                throw refusal;
            }
            return Transactions.rollBackWith(new Outcome<>(null, refusal, true));
        }
        if (record(request, hash, write(answer))) {
            return new Outcome<>(answer, null, true); // fresh: this request's own answer, recorded with its effect
        }
        return Transactions.rollBackWith((Outcome<T>) KEY_TAKEN);
    }

    /**
     * Records a successful answer in the effect's transaction; false when the key is recorded already. A record
     * another transaction has inserted but not yet committed makes this insert wait for that transaction's outcome.
     */
    private boolean record(IdempotentRequest request, String hash, String body) {
        return em.createNativeQuery(insertRecords("INSERT IGNORE", 1))
                .setParameter(1, request.userId())
                .setParameter(2, request.key())
                .setParameter(3, request.operation())
                .setParameter(4, hash)
                .setParameter(5, 200)
                .setParameter(6, body)
                .setParameter(7, Instant.now(clock))
                .executeUpdate() == 1;
    }

    /**
     * Records the refusal of an effect whose transaction rolled back, on its own (one autocommit statement); false
     * when the key has an answer already, as a repeat may have recorded one meanwhile.
     */
    private boolean recordRefusal(IdempotentRequest request, String hash, ProblemException refusal) {
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
        return withRetries("record", () -> {
            try (Connection connection = primary.getConnection();
                    PreparedStatement inserting = connection.prepareStatement(insertRecords("INSERT IGNORE", 1))) {
                bindRecord(inserting, 1, request, hash, refusal, now);
                return inserting.executeUpdate() == 1;
            }
        });
    }

    /**
     * The key's recorded answer, read after this request's insert found the key taken (so the record is
     * committed: the insert waited for its transaction); null if it has gone since.
     */
    private <T> Outcome<T> replay(IdempotentRequest request, String hash, Class<T> answerType) {
        Object[] row = withRetries("read", () -> readRecords(List.of(request))).get(recordKey(request));
        return row == null ? null : stored(hash, (String) row[0], (Integer) row[1], (String) row[2], answerType);
    }

    /** The answer a record holds for a request with this {@code hash}: its own, or KEY_REUSED for another request. */
    private <T> Outcome<T> stored(String hash, String storedHash, int status, String body, Class<T> answerType) {
        if (!hash.equals(storedHash)) {
            return new Outcome<>(null, keyReused(), false);
        }
        try {
            if (status >= 400) {
                Problem problem = json.readValue(body, Problem.class);
                return new Outcome<>(null, new ProblemException(ErrorCode.valueOf(problem.code()), problem.detail()),
                        false);
            }
            return new Outcome<>(json.readValue(body, answerType), null, false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable stored answer for an idempotency key", e);
        }
    }

    /**
     * One batch of refused requests. Each key's first claimant (in arrival order) records its refusal, all with one
     * autocommit {@code INSERT IGNORE}; a key that has a record already keeps it. When every key of the batch was
     * claimed and every claim went in, each request is answered from its key's claim; otherwise (a key had a record,
     * or a request that claims nothing may find one: a body the gate refused for another) the batch's records are
     * read (one autocommit statement) and each request gets its key's recorded answer.
     */
    private void answerRefusals(List<Refusal> batch) {
        Map<String, Refusal> claims = new LinkedHashMap<>();
        for (Refusal r : batch) {
            if (r.firstHash() == null || r.firstHash().equals(r.hash())) {
                claims.putIfAbsent(recordKey(r.request()), r);
            }
        }
        int claimed = claims.isEmpty() ? 0 : withRetries("record", () -> insertRefusals(claims.values()));
        // every key new and claimed here: the claims are the answers; else a key may hold an earlier answer
        boolean allNew = claimed == claims.size()
                && batch.stream().allMatch(r -> claims.containsKey(recordKey(r.request())));
        Map<String, Object[]> stored = allNew ? Map.of()
                : withRetries("read", () -> readRecords(batch.stream().map(Refusal::request).toList()));
        for (Refusal r : batch) {
            Object[] row = stored.get(recordKey(r.request()));
            Refusal claim = claims.get(recordKey(r.request()));
            Outcome<?> outcome;
            if (row != null) {
                outcome = stored(r.hash(), (String) row[0], ((Number) row[1]).intValue(), (String) row[2],
                        r.answerType());
            } else if (claim == null || !claim.hash().equals(r.hash())) {
                outcome = new Outcome<>(null, keyReused(), false);
            } else {
                outcome = new Outcome<>(null, claim.refusal(), true);
            }
            if (outcome.refusal() != null) {
                r.answer().completeExceptionally(outcome.refusal());
            } else {
                r.answer().complete(outcome.answer());
            }
        }
    }

    /**
     * The records of these keys, read outside any transaction (one autocommit statement), by {@link #recordKey}:
     * request hash, status, body.
     */
    private Map<String, Object[]> readRecords(List<IdempotentRequest> keys) throws SQLException {
        Map<String, Object[]> rows = new HashMap<>();
        try (Connection connection = primary.getConnection();
                PreparedStatement reading = connection.prepareStatement(selectRecords(keys.size()))) {
            int p = 1;
            for (IdempotentRequest request : keys) {
                reading.setLong(p++, request.userId());
                reading.setString(p++, request.key());
            }
            try (ResultSet row = reading.executeQuery()) {
                while (row.next()) {
                    rows.put(recordKey(row.getLong(1), row.getString(2)),
                            new Object[] { row.getString(3), row.getInt(4), row.getString(5) });
                }
            }
        }
        return rows;
    }

    private static String recordKey(IdempotentRequest request) {
        return recordKey(request.userId(), request.key());
    }

    private static String recordKey(long userId, String key) {
        return userId + "/" + key;
    }

    /** Records each claim's refusal unless its key has a record: one multi-row INSERT IGNORE; the rows inserted. */
    private int insertRefusals(Collection<Refusal> claims) throws SQLException {
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
        try (Connection connection = primary.getConnection();
                PreparedStatement inserting = connection.prepareStatement(insertRecords("INSERT IGNORE",
                        claims.size()))) {
            int p = 1;
            for (Refusal r : claims) {
                p = bindRecord(inserting, p, r.request(), r.hash(), r.refusal(), now);
            }
            return inserting.executeUpdate();
        }
    }

    /** The records of {@code keys} (user, key) pairs, bound in that order: user id, key, user id, key, ... */
    private static String selectRecords(int keys) {
        return "SELECT user_id, idem_key, request_hash, status_code, response_body FROM idempotency_record"
                + " WHERE (user_id, idem_key) IN (" + Placeholders.repeated(keys, "(?, ?)") + ")";
    }

    /**
     * {@code verb} ("INSERT", "INSERT IGNORE") of {@code rows} records, each bound as user id, key, operation,
     * request hash, status, body, created at.
     */
    private static String insertRecords(String verb, int rows) {
        return verb + " INTO idempotency_record"
                + " (user_id, idem_key, operation, request_hash, status_code, response_body, created_at) VALUES "
                + Placeholders.repeated(rows, "(?, ?, ?, ?, ?, ?, ?)");
    }

    /** Binds a refusal's record from parameter {@code p} on, in {@link #insertRecords}' order; the next index. */
    private int bindRecord(PreparedStatement inserting, int p, IdempotentRequest request, String hash,
            ProblemException refusal, LocalDateTime at) throws SQLException {
        inserting.setLong(p++, request.userId());
        inserting.setString(p++, request.key());
        inserting.setString(p++, request.operation());
        inserting.setString(p++, hash);
        inserting.setInt(p++, refusal.code().status());
        inserting.setString(p++, write(Problem.of(refusal.code(), refusal.getMessage())));
        // UTC wall time, as Hibernate writes created_at (quarkus.hibernate-orm.jdbc.timezone)
        inserting.setObject(p++, at);
        return p;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs an autocommit statement on the records again after a failure (a deadlock, a lost connection): 3 tries. */
    private static <T> T withRetries(String what, SqlWork<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("Idempotency records' " + what + " failed " + ATTEMPTS + " times",
                            e);
                }
                LOG.debugf("Idempotency records' %s failed (attempt %d): %s", what, attempt, e.toString());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static ProblemException keyReused() {
        return new ProblemException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used with a different request");
    }

    private String hash(IdempotentRequest request) {
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
