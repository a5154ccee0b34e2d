package com.flashcart.session;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An account. The email is stored in its canonical form ({@link Emails#canonical}) and is unique. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    public static final String ROLE_USER = "USER";
    public static final String ROLE_ADMIN = "ADMIN";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 254)
    public String email;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static Optional<User> findByEmail(String canonicalEmail) {
        return find("email", canonicalEmail).firstResultOptional();
    }
}
