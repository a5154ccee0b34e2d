package com.flashcart.order;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An order on the primary. Its status moves only by conditional updates on the status it must have. */
@Entity
@Table(name = "customer_order")
public class Order extends PanacheEntityBase {

    public enum Status {
        PENDING_PAYMENT, PAID, CANCELLED, EXPIRED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(name = "total_amount", nullable = false)
    public long totalAmount;

    @Column(name = "discount_amount", nullable = false)
    public long discountAmount;

    @Column(name = "pay_amount", nullable = false)
    public long payAmount;

    @Column(name = "user_coupon_id")
    public Long userCouponId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
