package com.flashcart.catalog.rest;

import com.flashcart.catalog.ProductCatalog;

/** {@code GET /api/v1/products/{id}}. */
public record ProductDetail(long id, String name, String description, long price, int stock) {

    static ProductDetail of(ProductCatalog.ProductData p) {
        return new ProductDetail(p.id(), p.name(), p.description(), p.price(), p.stock());
    }
}
