package com.flashcart.point;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's points balance on the primary. Changed only by {@link Wallet}'s conditional updates. */
@Entity
@Table(name = "point_wallet")
public class PointWallet extends PanacheEntityBase {

    /** The most a wallet may hold (shared/API.md, "Points"). */
    public static final long MAX_BALANCE = 10_000_000;

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(nullable = false)
    public long balance;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
