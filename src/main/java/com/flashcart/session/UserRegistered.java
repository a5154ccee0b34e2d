package com.flashcart.session;

/**
 * Fired inside the sign-up transaction, so capabilities that keep per-user state (the points wallet) create it
 * atomically with the account.
 */
public record UserRegistered(long userId) {
}
