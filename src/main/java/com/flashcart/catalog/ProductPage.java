package com.flashcart.catalog;

import java.util.List;

/** {@code GET /api/v1/products}: one page of the catalog. */
public record ProductPage(List<Item> items, int page, int size, long total) {

    public record Item(long id, String name, long price, int stock) {
        public static Item of(ProductCatalog.ProductData p) {
            return new Item(p.id(), p.name(), p.price(), p.stock());
        }
    }

    public static ProductPage of(ProductCatalog.Page page) {
        return new ProductPage(page.items().stream().map(Item::of).toList(), page.page(), page.size(), page.total());
    }
}
