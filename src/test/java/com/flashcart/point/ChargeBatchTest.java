package com.flashcart.point;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.flashcart.support.BatchCounters;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Db;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Charges that arrive together commit together (ChargeBatches), and every one of them gets the answer it would have
 * had alone: its own ledger row and balance, its key's one answer, its own refusal.
 */
@QuarkusTest
class ChargeBatchTest {

    private static final int CROWD = 40;
    private static final long MAX_BALANCE = 10_000_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    @Inject
    MeterRegistry metrics;

    BatchCounters counters;

    @BeforeEach
    void counters() {
        counters = new BatchCounters(metrics, "flashcart.charges");
    }

    @Test
    void aCrowdsChargesCommitTogetherEachWithItsOwnLedgerRowAndAnswer() throws Exception {
        Http http = new Http(base.toString());
        List<Users.SignedIn> users = Users.newUsers(CROWD);
        double grouped = counters.grouped();
        double alone = counters.alone();
        double failed = counters.failed();

        // half of them under an Idempotency-Key, which a batch records as a lone charge would
        List<Http.Answer> charged = Concurrently.run(CROWD, i -> charge(http, users.get(i), 1_000 + i,
                i % 2 == 0 ? "charge-" + i : null));

        assertTrue(charged.stream().allMatch(a -> a.status() == 200), Http.statuses(charged));
        assertTrue(counters.grouped() > grouped, "the crowd's charges were grouped");
        assertEquals(alone, counters.alone(), "no charge went alone");
        assertEquals(failed, counters.failed(), "no batch failed");
        for (int i = 0; i < CROWD; i++) {
            long userId = users.get(i).id();
            long amount = 1_000 + i;
            assertEquals(userId + " " + amount + " " + amount, charged.get(i).json().get("userId").asLong() + " "
                    + charged.get(i).json().get("balance").asLong() + " "
                    + charged.get(i).json().get("chargedAmount").asLong(), "user " + i + "'s own answer");
            assertEquals(amount, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
            assertEquals(1, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1 AND type = 'CHARGE'"
                    + " AND amount = ?2 AND balance_after = ?2 AND order_id IS NULL", userId, amount));
            if (i % 2 == 0) {
                Http.Answer again = charge(http, users.get(i), amount, "charge-" + i);
                assertEquals(charged.get(i).status() + " " + charged.get(i).body(), again.status() + " " + again.body(),
                        "a repeat of the key gets the batch's answer");
                assertEquals(amount, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId),
                        "and charges nothing again");
            }
        }
    }

    /**
     * One user's charges in one crowd: each its own conditional update in the batch, so each answer's balance and
     * its ledger row's balance_after are one step of the same running sum, which ends at the balance.
     */
    @Test
    void oneUsersChargesInACrowdEachSeeTheirOwnBalance() throws Exception {
        Http http = new Http(base.toString());
        Users.SignedIn user = Users.newUser();

        List<Http.Answer> charged = Concurrently.run(CROWD, i -> charge(http, user, 1_000, null));

        assertTrue(charged.stream().allMatch(a -> a.status() == 200), Http.statuses(charged));
        Set<Long> steps = LongStream.rangeClosed(1, CROWD).map(k -> k * 1_000).boxed().collect(Collectors.toSet());
        assertEquals(steps, charged.stream().map(a -> a.json().get("balance").asLong()).collect(Collectors.toSet()),
                "every answer a balance of its own: 1,000, 2,000, ...");
        assertEquals(CROWD * 1_000L, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id()));
        assertEquals(CROWD, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1", user.id()));
        assertEquals(CROWD, db.number("SELECT COUNT(DISTINCT balance_after) FROM point_ledger WHERE user_id = ?1"
                + " AND type = 'CHARGE' AND amount = 1000 AND balance_after % 1000 = 0 AND balance_after BETWEEN 1000"
                + " AND ?2", user.id(), CROWD * 1_000L), "every ledger row one of those steps");
    }

    /**
     * A charge the balance limit refuses takes no part in its batch and goes alone, to get its refusal (recorded
     * under its key); the others of its batch are charged there.
     */
    @Test
    void refusalsInACrowdGetTheirOwnAnswersAndTheOthersAreCharged() throws Exception {
        Http http = new Http(base.toString());
        List<Users.SignedIn> users = Users.newUsers(CROWD);
        // every third user is one point short of the limit
        for (int i = 0; i < CROWD; i += 3) {
            db.update("UPDATE point_wallet SET balance = ?1 WHERE user_id = ?2", MAX_BALANCE - 1, users.get(i).id());
        }
        double alone = counters.alone();
        double failed = counters.failed();

        List<Http.Answer> answers = Concurrently.run(CROWD, i -> charge(http, users.get(i), 5, "limit-" + i));

        long refused = (CROWD + 2) / 3;
        assertEquals(alone + refused, counters.alone(), "the refused went alone, and only they");
        assertEquals(failed, counters.failed(), "no batch failed");
        for (int i = 0; i < CROWD; i++) {
            Http.Answer answer = answers.get(i);
            long userId = users.get(i).id();
            if (i % 3 == 0) {
                assertEquals(409, answer.status(), answer.body());
                assertEquals("BALANCE_LIMIT_EXCEEDED", answer.json().get("code").asText());
                assertEquals(MAX_BALANCE - 1, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
                assertEquals(0, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1", userId));
                Http.Answer again = charge(http, users.get(i), 5, "limit-" + i);
                assertEquals(answer.status() + " " + answer.body(), again.status() + " " + again.body(),
                        "the refusal is the key's answer");
            } else {
                assertEquals(200, answer.status(), answer.body());
                assertEquals(5, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
            }
        }
    }

    /** Each key sent twice at once: one charge each, both requests the same answer; the repeat went alone. */
    @Test
    void repeatsOfAKeyInACrowdChargeOnce() throws Exception {
        Http http = new Http(base.toString());
        List<Users.SignedIn> users = Users.newUsers(CROWD / 2);

        List<Http.Answer> answers = Concurrently.run(CROWD, i -> charge(http, users.get(i / 2), 700, "twice"));

        for (int i = 0; i < CROWD / 2; i++) {
            Http.Answer first = answers.get(2 * i);
            Http.Answer second = answers.get(2 * i + 1);
            assertEquals(200, first.status(), first.body());
            assertEquals(first.body(), second.body(), "one key, one answer");
            long userId = users.get(i).id();
            assertEquals(700, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
            assertEquals(1, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1", userId));
        }
    }

    private static Http.Answer charge(Http http, Users.SignedIn user, long amount, String key) {
        return http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":" + amount + "}", key);
    }
}
