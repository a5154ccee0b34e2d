package com.flashcart.order;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A line of an order, with the product's name and price copied at order time. */
@Entity
@Table(name = "order_line")
@IdClass(OrderLine.Key.class)
public class OrderLine extends PanacheEntityBase {

    /** The composite key (order, product): an order has one line per product. */
    public static class Key implements Serializable {
        public Long orderId;
        public Long productId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(orderId, k.orderId)
                    && java.util.Objects.equals(productId, k.productId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(orderId, productId);
        }
    }

    @Id
    @Column(name = "order_id")
    public Long orderId;

    @Id
    @Column(name = "product_id")
    public Long productId;

    @Column(name = "product_name", nullable = false, length = 200)
    public String productName;

    @Column(name = "unit_price", nullable = false)
    public long unitPrice;

    @Column(nullable = false)
    public int quantity;
}
