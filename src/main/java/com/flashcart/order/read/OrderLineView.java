package com.flashcart.order.read;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** An order line as detail pages and lists show it. */
@Entity(name = "OrderLineView")
@Table(name = "order_line")
@IdClass(OrderLineView.Key.class)
@Immutable
public class OrderLineView {

    public static class Key implements Serializable {
        public Long orderId;
        public Long productId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(orderId, k.orderId) && Objects.equals(productId, k.productId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orderId, productId);
        }
    }

    @Id
    @Column(name = "order_id")
    public Long orderId;

    @Id
    @Column(name = "product_id")
    public Long productId;

    @Column(name = "product_name")
    public String productName;

    @Column(name = "unit_price")
    public long unitPrice;

    public int quantity;
}
