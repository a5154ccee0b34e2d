package com.flashcart.coupon;

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

/**
 * A coupon as written on the primary. Its terms never change after creation; {@code issuedQuantity} is raised
 * only by the conditional update in {@link CouponIssuer} ({@code issued_quantity < total_quantity}), which is
 * what makes over-issue impossible whatever Redis says.
 */
@Entity
@Table(name = "coupon")
public class Coupon extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 200)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "discount_type", nullable = false, length = 8)
    public DiscountType discountType;

    @Column(name = "discount_value", nullable = false)
    public long discountValue;

    @Column(name = "total_quantity", nullable = false)
    public int totalQuantity;

    @Column(name = "issued_quantity", nullable = false)
    public int issuedQuantity;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
