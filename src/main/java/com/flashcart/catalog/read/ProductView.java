package com.flashcart.catalog.read;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A product as catalog pages show it, read from the replica (see ReadSource). */
@Entity(name = "ProductView")
@Table(name = "product")
@Immutable
public class ProductView {

    @Id
    public Long id;

    public String name;

    public String description;

    public long price;

    public int stock;

    /** Raised by one on every change of the row (see V4__product_change_tracking.sql). */
    public long version;
}
