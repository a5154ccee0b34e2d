package com.flashcart.point;

import java.util.Collection;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.flashcart.common.idempotency.UserWriteLock;

/** The user's wallet row is the user's write lock: every account has one, made in its sign-up transaction. */
@ApplicationScoped
class WalletLock implements UserWriteLock {

    @Inject
    EntityManager em;

    @Override
    public void lock(long userId) {
        em.createNativeQuery("SELECT user_id FROM point_wallet WHERE user_id = ?1 FOR UPDATE")
                .setParameter(1, userId)
                .getResultList();
    }

    @Override
    public void lock(Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            em.createNativeQuery("SELECT user_id FROM point_wallet WHERE user_id IN (?1) ORDER BY user_id FOR UPDATE")
                    .setParameter(1, new TreeSet<>(userIds))
                    .getResultList();
        }
    }
}
