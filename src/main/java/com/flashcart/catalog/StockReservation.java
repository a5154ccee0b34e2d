package com.flashcart.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

import org.hibernate.Session;

import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * Takes stock for orders and gives it back, on the primary. Stock changes are conditional
 * {@code UPDATE ... WHERE stock >= ?} whose affected-row count is checked, or, at the catalog copy's prices, an
 * update that the CHECK on stock makes all or nothing; rows are always locked in product id order, so two
 * transactions over the same products lock them in the same order and cannot deadlock each other.
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
     * affected-row count is checked. When this instance's catalog copy holds every product, one statement is tried
     * first ({@link #takeAtKnownPrices}).
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public List<Reserved> reserve(Map<Long, Integer> quantities) {
        SortedMap<Long, Integer> ordered = new TreeMap<>(quantities);
        List<Reserved> taken = takeAtKnownPrices(ordered);
        if (taken != null) {
            return taken;
        }
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
     * Every line in one statement, when this instance's catalog copy holds each product with the units asked: takes
     * them only if every row still has them at the copy's price and name, which are then the ones the order is
     * placed at (the database compares them, so a copy behind an admin's change takes nothing). All or nothing: a
     * line short of units would leave a negative stock, and a line whose row differs from the copy is made to take
     * more than any stock, so either way the CHECK {@code product_stock_not_negative} fails the statement, and a
     * failed statement changes no row (the transaction goes on). Null when it took nothing: the locking read then
     * decides, as for any order.
     */
    private List<Reserved> takeAtKnownPrices(SortedMap<Long, Integer> ordered) {
        List<Reserved> reserved = new ArrayList<>(ordered.size());
        for (Map.Entry<Long, Integer> line : ordered.entrySet()) {
            ProductCatalog.ProductData known = catalog.product(line.getKey());
            if (known == null || known.stock() < line.getValue()) {
                return null;
            }
            reserved.add(new Reserved(known.id(), known.name(), known.price(), line.getValue()));
        }
        StringBuilder taken = new StringBuilder("CASE id");
        StringBuilder held = new StringBuilder("CASE id");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < reserved.size(); i++) {
            taken.append(" WHEN ? THEN IF(price = ? AND name = CAST(? AS BINARY), ?, ?)");
            held.append(" WHEN ? THEN ?");
            ids.append(i == 0 ? "?" : ", ?");
        }
        String sql = "UPDATE product SET stock = stock - " + taken + " END, held = held + " + held + " END,"
                + " version = version + 1, updated_at = ? WHERE id IN (" + ids + ")";
        int updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                int p = 1;
                for (Reserved line : reserved) {
                    update.setLong(p++, line.productId());
                    update.setLong(p++, line.unitPrice());
                    update.setString(p++, line.name());
                    update.setInt(p++, line.quantity());
                    update.setInt(p++, ProductAdmin.MAX_UNITS + 1);
                }
                for (Reserved line : reserved) {
                    update.setLong(p++, line.productId());
                    update.setInt(p++, line.quantity());
                }
                update.setObject(p++, LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC));
                for (Reserved line : reserved) {
                    update.setLong(p++, line.productId());
                }
                return update.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.isCheckViolation(e)) {
                    return 0;
                }
                throw e;
            }
        });
        if (updated == 0) {
            return null;
        }
        if (updated != reserved.size()) {
            // products are never deleted, so a product the copy holds has its row
            throw new IllegalStateException("Stock taken from " + updated + " of " + reserved.size()
                    + " products the catalog copy holds");
        }
        return reserved;
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
