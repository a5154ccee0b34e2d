package com.flashcart.order.read;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** An order as detail pages and lists show it (see ReadSource). */
@Entity(name = "OrderView")
@Table(name = "customer_order")
@Immutable
public class OrderView {

    @Id
    public Long id;

    @Column(name = "user_id")
    public long userId;

    public String status;

    @Column(name = "total_amount")
    public long totalAmount;

    @Column(name = "discount_amount")
    public long discountAmount;

    @Column(name = "pay_amount")
    public long payAmount;

    @Column(name = "user_coupon_id")
    public Long userCouponId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
