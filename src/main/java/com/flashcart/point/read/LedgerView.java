package com.flashcart.point.read;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A ledger row as the points history shows it (see ReadSource). */
@Entity(name = "LedgerView")
@Table(name = "point_ledger")
@Immutable
public class LedgerView {

    @Id
    public Long id;

    @Column(name = "user_id")
    public long userId;

    public String type;

    public long amount;

    @Column(name = "balance_after")
    public long balanceAfter;

    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "created_at")
    public Instant createdAt;
}
