package com.flashcart.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * Takes stock for orders and gives it back, on the primary. Each line is a conditional
 * {@code UPDATE ... WHERE stock >= ?} whose affected-row count decides; lines are always applied in product id
 * order, so two transactions over the same products lock them in the same order and cannot deadlock each other.
 */
@ApplicationScoped
public class StockReservation {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** A product as it was when its stock was taken: what the order line copies. */
    public record Reserved(long productId, String name, long unitPrice, int quantity) {
    }

    /**
     * Takes {@code quantities} (product id to units) or nothing: the first short line fails the caller's
     * transaction with OUT_OF_STOCK (or NOT_FOUND for an unknown product).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Reserved> reserve(Map<Long, Integer> quantities) {
        SortedMap<Long, Integer> ordered = new TreeMap<>(quantities);
        Instant now = Instant.now(clock);
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            int updated = em.createNativeQuery("""
                    UPDATE product SET stock = stock - ?1, version = version + 1, updated_at = ?2
                    WHERE id = ?3 AND stock >= ?1""")
                    .setParameter(1, line.getValue())
                    .setParameter(2, now)
                    .setParameter(3, line.getKey())
                    .executeUpdate();
            if (updated == 0) {
                if (em.find(Product.class, line.getKey()) == null) {
                    throw new ProblemException(ErrorCode.NOT_FOUND, "Product " + line.getKey() + " not found");
                }
                throw new ProblemException(ErrorCode.OUT_OF_STOCK, "Product " + line.getKey() + " does not have "
                        + line.getValue() + " in stock");
            }
        }
        // our updates hold the rows' locks: these are the prices and names the order is placed at
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, name, price FROM product WHERE id IN (?1) ORDER BY id")
                .setParameter(1, ordered.keySet())
                .getResultList();
        return rows.stream()
                .map(r -> new Reserved(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue(),
                        ordered.get(((Number) r[0]).longValue())))
                .toList();
    }

    /** Gives units back (cancellation, expiry), in product id order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(Map<Long, Integer> quantities) {
        Instant now = Instant.now(clock);
        for (Map.Entry<Long, Integer> line : new TreeMap<>(quantities).entrySet()) {
            em.createNativeQuery("""
                    UPDATE product SET stock = stock + ?1, version = version + 1, updated_at = ?2 WHERE id = ?3""")
                    .setParameter(1, line.getValue())
                    .setParameter(2, now)
                    .setParameter(3, line.getKey())
                    .executeUpdate();
        }
    }
}
