package com.flashcart.point;

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

/** One change of a balance. {@code amount} is always positive; the type gives the direction. */
@Entity
@Table(name = "point_ledger")
public class LedgerEntry extends PanacheEntityBase {

    public enum Type {
        CHARGE, USE, REFUND
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Type type;

    @Column(nullable = false)
    public long amount;

    @Column(name = "balance_after", nullable = false)
    public long balanceAfter;

    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
