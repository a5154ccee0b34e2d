package com.flashcart.support;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Plain SQL on the primary for test set-up and assertions, each call in a transaction of its own. */
@ApplicationScoped
public class Db {

    @Inject
    EntityManager em;

    public long number(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            Object value = query.getSingleResult();
            return value == null ? 0 : ((Number) value).longValue();
        });
    }

    public String text(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            Object value = query.getSingleResult();
            return value == null ? null : value.toString();
        });
    }

    @SuppressWarnings("unchecked")
    public List<Object[]> rows(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return (List<Object[]>) query.getResultList();
        });
    }

    public int update(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        });
    }

    /** Gives the user a coupon straight in the database (issuance has its own tests). Returns the user_coupon id. */
    public long giveCoupon(long userId, String type, long value, java.time.Instant validUntil) {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                    INSERT INTO coupon (name, discount_type, discount_value, total_quantity, issued_quantity,
                                        valid_from, valid_until, created_at)
                    VALUES ('test coupon', ?1, ?2, 1000, 1, UTC_TIMESTAMP(6) - INTERVAL 1 DAY, ?3, UTC_TIMESTAMP(6))""")
                    .setParameter(1, type).setParameter(2, value).setParameter(3, validUntil).executeUpdate();
            long couponId = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
            em.createNativeQuery("""
                    INSERT INTO user_coupon (coupon_id, user_id, status, issued_at, expires_at)
                    VALUES (?1, ?2, 'AVAILABLE', UTC_TIMESTAMP(6), ?3)""")
                    .setParameter(1, couponId).setParameter(2, userId).setParameter(3, validUntil).executeUpdate();
            return ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        });
    }
}
