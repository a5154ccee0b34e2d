package com.flashcart.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.flashcart.catalog.read.ProductView;
import com.flashcart.common.db.ReadSource;

/** Catalog reads (replica) and product creation (primary). */
@ApplicationScoped
public class ProductCatalog {

    @Inject
    ReadSource reads;

    @Inject
    Clock clock;

    public record Page(List<ProductView> items, int page, int size, long total) {
    }

    public Optional<ProductView> product(long id) {
        return Optional.ofNullable(reads.lagging().find(ProductView.class, id));
    }

    public Page page(int page, int size) {
        List<ProductView> items = reads.lagging()
                .createSelectionQuery("from ProductView order by id", ProductView.class)
                .setFirstResult(page * size)
                .setMaxResults(size)
                .getResultList();
        long total = reads.lagging()
                .createSelectionQuery("select count(*) from ProductView", Long.class)
                .getSingleResult();
        return new Page(items, page, size, total);
    }

    @Transactional
    public Product create(String name, String description, long price, int stock) {
        Product product = new Product();
        product.name = name;
        product.description = description;
        product.price = price;
        product.stock = stock;
        product.createdAt = Instant.now(clock);
        product.updatedAt = product.createdAt;
        product.persist();
        return product;
    }
}
