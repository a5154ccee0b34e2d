package com.flashcart.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.flashcart.common.db.AfterCommit;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * The admin use cases of the catalog, each one transaction on the primary. Each announces {@link ProductChanged}
 * once it committed.
 */
@ApplicationScoped
public class ProductAdmin {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<ProductChanged> changed;

    @Inject
    AfterCommit afterCommit;

    @Inject
    StockGate gate;

    /**
     * The most units a product may have: in stock plus held by orders that can still give them back. Admin changes
     * are held to it (STOCK_LIMIT_EXCEEDED); orders only move units between the two, so giving back never fails.
     */
    public static final int MAX_UNITS = 1_000_000_000;

    /** Creates a product; answers it fresh from the primary. */
    public ProductDetail create(String name, String description, long price, int stock) {
        return Transactions.inNew(() -> createNow(name, description, price, stock));
    }

    /** Sets a new price and/or moves stock by a delta (never below zero nor past {@link #MAX_UNITS}). */
    public ProductDetail change(long id, Long price, Integer stockDelta) {
        return Transactions.inNew(() -> changeNow(id, price, stockDelta));
    }

    private ProductDetail createNow(String name, String description, long price, int stock) {
        Product product = new Product();
        product.name = name;
        product.description = description == null ? "" : description;
        product.price = price;
        product.stock = stock;
        product.createdAt = Instant.now(clock);
        product.updatedAt = product.createdAt;
        product.persist();
        announce(product.id);
        return detail(product);
    }

    private ProductDetail changeNow(long id, Long price, Integer stockDelta) {
        Instant now = Instant.now(clock);
        if (price != null) {
            int updated = em.createNativeQuery("""
                    UPDATE product SET price = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3""")
                    .setParameter(1, price).setParameter(2, now).setParameter(3, id)
                    .executeUpdate();
            if (updated == 0) {
                throw ProblemException.notFound("Product");
            }
        }
        if (stockDelta != null && stockDelta != 0) {
            int updated = em.createNativeQuery("""
                    UPDATE product SET stock = stock + ?1, version = version + 1, updated_at = ?2
                    WHERE id = ?3 AND stock + ?1 >= 0 AND stock + held + ?1 <= ?4""")
                    .setParameter(1, stockDelta).setParameter(2, now).setParameter(3, id).setParameter(4, MAX_UNITS)
                    .executeUpdate();
            if (updated == 0) {
                throw stockRefusal(id, stockDelta);
            }
        }
        Product product = em.find(Product.class, id);
        if (product == null) {
            throw ProblemException.notFound("Product");
        }
        em.refresh(product);
        announce(id);
        return detail(product);
    }

    private static ProductDetail detail(Product p) {
        return new ProductDetail(p.id, p.name, p.description, p.price, p.stock);
    }

    private ProblemException stockRefusal(long id, int stockDelta) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT stock, held FROM product WHERE id = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return ProblemException.notFound("Product");
        }
        long stock = ((Number) rows.get(0)[0]).longValue();
        long held = ((Number) rows.get(0)[1]).longValue();
        if (stock + stockDelta < 0) {
            return new ProblemException(ErrorCode.OUT_OF_STOCK, "Stock may not go below zero");
        }
        return new ProblemException(ErrorCode.STOCK_LIMIT_EXCEEDED, "A product may have at most " + MAX_UNITS
                + " units in stock and held by orders; it has " + stock + " in stock and " + held + " held");
    }

    private void announce(long productId) {
        gate.reloadAfterCommit(productId);
        afterCommit.run(() -> changed.fire(new ProductChanged(productId)));
    }
}
