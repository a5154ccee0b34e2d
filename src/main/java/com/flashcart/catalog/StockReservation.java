package com.flashcart.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Takes stock for orders and gives it back, on the primary. Stock changes are conditional
 * {@code UPDATE ... WHERE stock >= ?} whose affected-row count is checked; rows are always locked in product id
 * order, so two transactions over the same products lock them in the same order and cannot deadlock each other.
 */
@ApplicationScoped
public class StockReservation {

    @Inject
    EntityManager em;

    @Inject
    StockGate gate;

    @Inject
    LocalCatalog catalog;

    @Inject
    Clock clock;

    /** A product as it was when its stock was taken: what the order line copies. */
    public record Reserved(long productId, String name, long unitPrice, int quantity) {
    }

    /**
     * Takes {@code quantities} (product id to units) or nothing: the first short line fails the caller's
     * transaction with OUT_OF_STOCK (or NOT_FOUND for an unknown product). Two statements whatever the number of
     * lines: a locking read of every product (in id order), then one conditional update of them all, whose
     * affected-row count is checked. A single line whose product this instance's catalog copy holds first tries
     * one statement ({@link #takeAtKnownPrice}).
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public List<Reserved> reserve(Map<Long, Integer> quantities) {
        if (quantities.size() == 1) {
            Map.Entry<Long, Integer> line = quantities.entrySet().iterator().next();
            Reserved taken = takeAtKnownPrice(line.getKey(), line.getValue());
            if (taken != null) {
                return List.of(taken);
            }
        }
        SortedMap<Long, Integer> ordered = new TreeMap<>(quantities);
        // the rows stay locked until the transaction ends: these are the prices and names the order is placed at
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT id, name, price, stock FROM product WHERE id IN (?1) ORDER BY id FOR UPDATE")
                .setParameter(1, ordered.keySet())
                .getResultList();
        Map<Long, Object[]> found = new HashMap<>();
        rows.forEach(r -> found.put(((Number) r[0]).longValue(), r));
        List<Reserved> reserved = new ArrayList<>(ordered.size());
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            Object[] row = found.get(line.getKey());
            if (row == null) {
                throw new ProblemException(ErrorCode.NOT_FOUND, "Product " + line.getKey() + " not found");
            }
            if (((Number) row[3]).intValue() < line.getValue()) {
                throw new ProblemException(ErrorCode.OUT_OF_STOCK, "Product " + line.getKey() + " does not have "
                        + line.getValue() + " in stock");
            }
            reserved.add(new Reserved(line.getKey(), (String) row[1], ((Number) row[2]).longValue(), line.getValue()));
        }
        int updated = change(ordered, true);
        if (updated != ordered.size()) {
            throw new IllegalStateException("Stock of locked products changed under their locks: " + updated
                    + " of " + ordered.size() + " lines taken");
        }
        return reserved;
    }

    /**
     * One line, in one statement: takes the units only if the product's row still has them at the price and name
     * this instance's catalog copy holds, which are then the ones the order is placed at (the database compares them,
     * so a copy behind an admin's change takes nothing). Null when it took nothing: too few units, an unknown
     * product, or a copy behind the database; the locking read then decides, as for any order. A single row is
     * updated or not, so there is nothing to undo.
     */
    private Reserved takeAtKnownPrice(long productId, int quantity) {
        ProductCatalog.ProductData known = catalog.product(productId);
        if (known == null || known.stock() < quantity) {
            return null;
        }
        int updated = em.createNativeQuery("UPDATE product SET stock = stock - ?1, held = held + ?1,"
                + " version = version + 1, updated_at = ?2"
                + " WHERE id = ?3 AND stock >= ?1 AND price = ?4 AND name = CAST(?5 AS BINARY)")
                .setParameter(1, quantity).setParameter(2, Instant.now(clock)).setParameter(3, productId)
                .setParameter(4, known.price()).setParameter(5, known.name())
                .executeUpdate();
        return updated == 1 ? new Reserved(productId, known.name(), known.price(), quantity) : null;
    }

    /** What a group of orders for one product got: the product as it was, and how many of the units asked. */
    public record Shared(long productId, String name, long unitPrice, int granted) {
    }

    /**
     * Takes units of one product for many orders at once (a group commit of a hot product's orders): the row is
     * locked once, and as many of the {@code asked} units as it has are taken by one conditional update, in the
     * order asked (first come, first served). Returns null for an unknown product.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Shared reserveShared(long productId, List<Integer> asked) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT name, price, stock FROM product WHERE id = ?1 FOR UPDATE")
                .setParameter(1, productId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        int stock = ((Number) rows.get(0)[2]).intValue();
        int granted = 0;
        int units = 0;
        for (int quantity : asked) {
            if (units + quantity > stock) {
                break;
            }
            units += quantity;
            granted++;
        }
        if (units > 0) {
            int updated = change(new TreeMap<>(Map.of(productId, units)), true);
            if (updated != 1) {
                throw new IllegalStateException("Stock of locked product " + productId + " changed under its lock");
            }
        }
        return new Shared(productId, (String) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue(), granted);
    }

    /**
     * One statement for every line: {@code UPDATE product SET stock = stock -/+ CASE id WHEN ? THEN ? ... END,
     * held = held +/- CASE ... WHERE id IN (...)}, taking only {@code AND stock >= CASE ...}. Units move between
     * {@code stock} and {@code held} (units orders can still give back), so their sum stays within the bound an
     * admin set ({@link ProductAdmin#MAX_UNITS}) and giving back can never overflow. Returns the affected-row count.
     */
    private int change(SortedMap<Long, Integer> ordered, boolean take) {
        StringBuilder units = new StringBuilder("CASE id");
        StringBuilder ids = new StringBuilder();
        int p = 1;
        for (int i = 0; i < ordered.size(); i++, p += 2) {
            units.append(" WHEN ?").append(p).append(" THEN ?").append(p + 1);
            ids.append(i == 0 ? "?" : ", ?").append(p);
        }
        units.append(" END");
        var update = em.createNativeQuery("UPDATE product SET stock = stock " + (take ? "- " : "+ ") + units
                + ", held = held " + (take ? "+ " : "- ") + units
                + ", version = version + 1, updated_at = ?" + p + " WHERE id IN (" + ids + ")"
                + (take ? " AND stock >= " + units : " AND held >= " + units));
        int i = 1;
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            update.setParameter(i++, line.getKey());
            update.setParameter(i++, line.getValue());
        }
        return update.setParameter(p, Instant.now(clock)).executeUpdate();
    }

    /**
     * Gives units back (cancellation, expiry), in one update of every product, locked in id order; the stock gate
     * gets them once the transaction has committed.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void release(Map<Long, Integer> quantities) {
        SortedMap<Long, Integer> ordered = new TreeMap<>(quantities);
        int updated = change(ordered, false);
        if (updated != ordered.size()) {
            throw new IllegalStateException("Stock given back to " + updated + " of " + ordered.size()
                    + " products (a product is unknown or holds fewer units than given back)");
        }
        gate.giveBackAfterCommit(ordered);
    }
}
