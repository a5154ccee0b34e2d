package com.flashcart.outbox;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An event waiting to be (or already) published to Kafka; see {@link Outbox}. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The event's own id ({@code eventId} in the payload): the same on every retry, consumers dedupe by it. */
    @Column(name = "event_id", nullable = false, length = 36)
    public String eventId;

    @Column(name = "event_type", nullable = false, length = 32)
    public String eventType;

    @Column(nullable = false, length = 100)
    public String topic;

    /** The Kafka record key (the order id): keeps one order's events in order on one partition. */
    @Column(name = "event_key", nullable = false, length = 64)
    public String eventKey;

    /** The Kafka record value, JSON. */
    @Column(nullable = false, columnDefinition = "TEXT")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(nullable = false)
    public int attempts;
}
