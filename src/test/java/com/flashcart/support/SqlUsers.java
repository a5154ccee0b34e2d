package com.flashcart.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Many users at once, for tests that need hundreds: rows inserted straight into {@code app_user} (no password
 * anyone can use) and sessions created through the session store, exactly as a login would leave them.
 */
public final class SqlUsers {

    private SqlUsers() {
    }

    /** Inserts {@code count} users and returns their ids. */
    public static List<Long> insert(DataSource primary, int count) {
        String run = UUID.randomUUID().toString();
        List<Long> ids = new ArrayList<>(count);
        try (Connection c = primary.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO app_user (email, name, password_hash, role, created_at) VALUES (?, ?, ?, 'USER', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < count; i++) {
                insert.setString(1, "bulk-" + i + "-" + run + "@test.flashcart.local");
                insert.setString(2, "Bulk " + i);
                insert.setString(3, "!not-a-bcrypt-hash");
                insert.setTimestamp(4, now);
                insert.addBatch();
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (ids.size() != count) {
            throw new IllegalStateException("Inserted " + ids.size() + " users, wanted " + count);
        }
        return ids;
    }
}
