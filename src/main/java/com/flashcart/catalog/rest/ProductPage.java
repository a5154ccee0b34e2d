package com.flashcart.catalog.rest;

import java.util.List;

import com.flashcart.catalog.ProductCatalog;

/** {@code GET /api/v1/products}: one page of the catalog. */
public record ProductPage(List<Item> items, int page, int size, long total) {

    public record Item(long id, String name, long price, int stock) {
        static Item of(ProductCatalog.ProductData p) {
            return new Item(p.id(), p.name(), p.price(), p.stock());
        }
    }

    static ProductPage of(ProductCatalog.Page page) {
        return new ProductPage(page.items().stream().map(Item::of).toList(), page.page(), page.size(), page.total());
    }
}
