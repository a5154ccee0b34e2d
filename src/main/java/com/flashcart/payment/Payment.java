package com.flashcart.payment;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The payment of an order with points; at most one per order (unique key). */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    public static final String PAID = "PAID";
    public static final String REFUNDED = "REFUNDED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_id", nullable = false)
    public long orderId;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false)
    public long amount;

    @Column(nullable = false, length = 10)
    public String status;

    @Column(name = "paid_at", nullable = false)
    public Instant paidAt;

    @Column(name = "refunded_at")
    public Instant refundedAt;
}
