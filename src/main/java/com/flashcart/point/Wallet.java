package com.flashcart.point;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

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

    /** Spends points for an order; refuses with INSUFFICIENT_POINTS and changes nothing if they do not cover it. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Change spend(long userId, long amount, long orderId) {
        int updated = em.createNativeQuery("""
                UPDATE point_wallet SET balance = balance - ?1, updated_at = ?2
                WHERE user_id = ?3 AND balance >= ?1""")
                .setParameter(1, amount)
                .setParameter(2, Instant.now(clock))
                .setParameter(3, userId)
                .executeUpdate();
        if (updated == 0) {
            requireWallet(userId);
            throw new ProblemException(ErrorCode.INSUFFICIENT_POINTS, "The balance does not cover " + amount + " points");
        }
        return record(userId, LedgerEntry.Type.USE, amount, orderId);
    }

    /** Gives back points spent on an order. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Change refund(long userId, long amount, long orderId) {
        return credit(userId, amount, LedgerEntry.Type.REFUND, orderId,
                "The refund would take the balance over " + PointWallet.MAX_BALANCE + " points");
    }

    /** Adds points, refusing with BALANCE_LIMIT_EXCEEDED (nothing changed) past the maximum balance. */
    private Change credit(long userId, long amount, LedgerEntry.Type type, Long orderId, String overLimit) {
        int updated = em.createNativeQuery("""
                UPDATE point_wallet SET balance = balance + ?1, updated_at = ?2
                WHERE user_id = ?3 AND balance <= ?4""")
                .setParameter(1, amount)
                .setParameter(2, Instant.now(clock))
                .setParameter(3, userId)
                .setParameter(4, PointWallet.MAX_BALANCE - amount)
                .executeUpdate();
        if (updated == 0) {
            requireWallet(userId);
            throw new ProblemException(ErrorCode.BALANCE_LIMIT_EXCEEDED, overLimit);
        }
        return record(userId, type, amount, orderId);
    }

    private Change record(long userId, LedgerEntry.Type type, long amount, Long orderId) {
        // the row is locked by our UPDATE, so this reads exactly the balance it left
        long balance = ((Number) em.createNativeQuery("SELECT balance FROM point_wallet WHERE user_id = ?1")
                .setParameter(1, userId)
                .getSingleResult()).longValue();
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

    private void requireWallet(long userId) {
        if (PointWallet.findById(userId) == null) {
            throw ProblemException.notFound("Wallet");
        }
    }
}
