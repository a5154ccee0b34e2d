package com.flashcart.catalog;

/**
 * Fired after a transaction that changed a product's catalog data (name, description, price, or stock by an
 * admin) commits, so caches of product pages can drop it.
 */
public record ProductChanged(long productId) {
}
