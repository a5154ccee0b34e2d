package com.flashcart.common.idempotency;

/**
 * Makes one user's writes take turns: held from the call to the end of the current transaction. Different users
 * never wait for each other. Implemented by the capability that owns a row per user (the points wallet).
 */
public interface UserWriteLock {

    void lock(long userId);

    /** Takes the locks of many users at once, always in the same order, so two such calls never deadlock. */
    void lock(java.util.Collection<Long> userIds);
}
