package com.flashcart.coupon.read;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A coupon as the public coupon page shows it, read from the replica (see ReadSource). */
@Entity(name = "CouponView")
@Table(name = "coupon")
@Immutable
public class CouponView {

    @Id
    public Long id;

    public String name;

    @Column(name = "discount_type")
    public String discountType;

    @Column(name = "discount_value")
    public long discountValue;

    @Column(name = "total_quantity")
    public int totalQuantity;

    @Column(name = "issued_quantity")
    public int issuedQuantity;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;
}
