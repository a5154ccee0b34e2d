package com.flashcart.catalog;

/** A product as the API shows it: {@code GET /api/v1/products/{id}} and the admin endpoints' answers. */
public record ProductDetail(long id, String name, String description, long price, int stock) {

    public static ProductDetail of(ProductCatalog.ProductData p) {
        return new ProductDetail(p.id(), p.name(), p.description(), p.price(), p.stock());
    }
}
