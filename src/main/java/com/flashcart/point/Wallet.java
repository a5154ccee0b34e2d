package com.flashcart.point;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.session.UserRegistered;

/**
 * The points wallet. Every change is one conditional UPDATE on the balance, whose affected-row count decides,
 * plus a ledger row in the same transaction; so the ledger's signed sum always equals the balance and no
 * interleaving of requests can overdraw or overfill a wallet.
 */
@ApplicationScoped
public class Wallet {

    @Inject
    EntityManager em;

    @Inject
    WriteFence fence;

    @Inject
    Clock clock;

    /** What a change left behind. */
    public record Change(long userId, long balance, long amount, long ledgerEntryId) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void open(@Observes UserRegistered registered) {
        PointWallet wallet = new PointWallet();
        wallet.userId = registered.userId();
        wallet.balance = 0;
        wallet.updatedAt = Instant.now(clock);
        wallet.persist();
    }

    /** Reads the balance on the primary. */
    public long balance(long userId) {
        PointWallet wallet = PointWallet.findById(userId);
        if (wallet == null) {
            throw ProblemException.notFound("Wallet");
        }
        return wallet.balance;
    }

    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Change charge(long userId, long amount) {
        return credit(userId, amount, LedgerEntry.Type.CHARGE, null,
                "A balance may not exceed " + PointWallet.MAX_BALANCE + " points");
    }

    /** Points to charge, for {@link #chargeEach}. */
    public record Credit(long userId, long amount) {
    }

    /**
     * Charges for a group commit of charges, in the caller's transaction, where one refused charge must not stop the
     * others: each wallet by its own conditional update, in user id order (one user's charges in the order given),
     * then every ledger row in one insert. Returns, in the order given, the balance each charge left, or null for one
     * that the balance limit (or a missing wallet) refused: nothing changed for that one.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public List<Long> chargeEach(List<Credit> credits) {
        List<Long> balances = new ArrayList<>(Collections.nCopies(credits.size(), (Long) null));
        List<Integer> byUser = IntStream.range(0, credits.size()).boxed()
                .sorted(Comparator.comparingLong(i -> credits.get(i).userId())).toList();
        List<Row> rows = new ArrayList<>();
        for (int i : byUser) {
            Credit credit = credits.get(i);
            Long balance = change(credit.userId(), credit.amount(), "balance <= ?",
                    PointWallet.MAX_BALANCE - credit.amount());
            if (balance != null) {
                balances.set(i, balance);
                rows.add(new Row(credit.userId(), LedgerEntry.Type.CHARGE, credit.amount(), balance, null));
            }
        }
        insertLedger(rows);
        return balances;
    }

    /** Points to spend on an order, for {@link #spendAll}. */
    public record Spend(long userId, long amount, long orderId) {
    }

    /**
     * Spends points for orders, in the caller's transaction: each wallet by its own conditional update, in user id
     * order, then every ledger row in one insert. Refuses with INSUFFICIENT_POINTS when a balance does not cover its
     * amount; the caller's transaction then rolls back.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void spendAll(List<Spend> spends) {
        List<Spend> refused = spendEach(spends);
        if (!refused.isEmpty()) {
            throw notCovering(refused.get(0).userId(), refused.get(0).amount());
        }
    }

    /**
     * {@link #spendAll} for a group commit of payments, where one short balance must not stop the others: returns the
     * spends whose balance did not cover them (nothing changed for those), and spends the rest.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public List<Spend> spendEach(List<Spend> spends) {
        List<Spend> refused = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Spend spend : spends.stream().sorted(Comparator.comparingLong(Spend::userId)).toList()) {
            Long balance = change(spend.userId(), -spend.amount(), "balance >= ?", spend.amount());
            if (balance == null) {
                refused.add(spend);
            } else {
                rows.add(new Row(spend.userId(), LedgerEntry.Type.USE, spend.amount(), balance, spend.orderId()));
            }
        }
        insertLedger(rows);
        return refused;
    }

    /** A ledger row to insert, for the changes made in this transaction. */
    private record Row(long userId, LedgerEntry.Type type, long amount, long balanceAfter, Long orderId) {
    }

    /** Every row in one insert, and their users fenced for read-your-writes; nothing when there is none. */
    private void insertLedger(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO point_ledger (user_id, type, amount, balance_after,"
                + " order_id, created_at) VALUES "
                + Placeholders.repeated(rows.size(), "(?, ?, ?, ?, ?, ?)");
        Query insert = em.createNativeQuery(sql);
        Instant now = Instant.now(clock);
        int p = 1;
        for (Row row : rows) {
            insert.setParameter(p++, row.userId()).setParameter(p++, row.type().name())
                    .setParameter(p++, row.amount()).setParameter(p++, row.balanceAfter())
                    .setParameter(p++, row.orderId()).setParameter(p++, now);
        }
        insert.executeUpdate();
        fence.afterCommit(rows.stream().map(Row::userId).distinct().toList());
    }

    /** Gives back points spent on an order. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Change refund(long userId, long amount, long orderId) {
        return credit(userId, amount, LedgerEntry.Type.REFUND, orderId,
                "The refund would take the balance over " + PointWallet.MAX_BALANCE + " points");
    }

    /** Adds points, refusing with BALANCE_LIMIT_EXCEEDED (nothing changed) past the maximum balance. */
    private Change credit(long userId, long amount, LedgerEntry.Type type, Long orderId, String overLimit) {
        Long balance = change(userId, amount, "balance <= ?", PointWallet.MAX_BALANCE - amount);
        if (balance == null) {
            requireWallet(userId);
            throw new ProblemException(ErrorCode.BALANCE_LIMIT_EXCEEDED, overLimit);
        }
        return record(userId, type, amount, orderId, balance);
    }

    /**
     * One conditional update of the balance by {@code delta} ({@code condition} on the balance with {@code bound}),
     * which also gives back the balance it left: {@code LAST_INSERT_ID(expr)} puts the new balance in the statement's
     * own reply (Connector/J returns it as the generated key), so no second statement reads it. Null when the
     * condition refused the change (no row updated).
     */
    private Long change(long userId, long delta, String condition, long bound) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE point_wallet"
                    + " SET balance = LAST_INSERT_ID(balance + ?), updated_at = ? WHERE user_id = ? AND " + condition,
                    Statement.RETURN_GENERATED_KEYS)) {
                update.setLong(1, delta);
                update.setObject(2, LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC));
                update.setLong(3, userId);
                update.setLong(4, bound);
                if (update.executeUpdate() == 0) {
                    return null;
                }
                try (ResultSet keys = update.getGeneratedKeys()) {
                    // the driver reports no generated key when the id is 0: the update left a balance of 0
                    return keys.next() ? keys.getLong(1) : 0L;
                }
            }
        });
    }

    private Change record(long userId, LedgerEntry.Type type, long amount, Long orderId, long balance) {
        LedgerEntry entry = new LedgerEntry();
        entry.userId = userId;
        entry.type = type;
        entry.amount = amount;
        entry.balanceAfter = balance;
        entry.orderId = orderId;
        entry.createdAt = Instant.now(clock);
        entry.persist();
        fence.afterCommit(userId);
        return new Change(userId, balance, amount, entry.id);
    }

    private ProblemException notCovering(long userId, long amount) {
        requireWallet(userId);
        return new ProblemException(ErrorCode.INSUFFICIENT_POINTS, "The balance does not cover " + amount + " points");
    }

    private void requireWallet(long userId) {
        if (PointWallet.findById(userId) == null) {
            throw ProblemException.notFound("Wallet");
        }
    }
}
