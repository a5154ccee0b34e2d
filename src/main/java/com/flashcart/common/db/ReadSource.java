package com.flashcart.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.PersistenceUnit;

/**
 * Says which database serves which read, in one place. Writes and anything read just before a write use the
 * primary (the default persistence unit, through the Panache entities). Catalog pages and histories use the
 * replica persistence unit, whose mapped classes are the read views in each capability's {@code read} package;
 * those views are mapped in the primary unit too, so a read moves to the primary without new code when the
 * replica is down or too far behind, or when the user's own recent write may not have reached it.
 */
@ApplicationScoped
public class ReadSource {

    /** The name of the replica persistence unit and of its datasource. */
    public static final String REPLICA = "replica";

    @Inject
    @PersistenceUnit(REPLICA)
    Session replica;

    @Inject
    Session primary;

    @Inject
    ReplicaMonitor monitor;

    @Inject
    WriteFence fence;

    /** Reads that may lag the primary by a moment and are the same for everyone: catalog pages. */
    public Session lagging() {
        return monitor.usable() ? replica : primary;
    }

    /** A user's own histories: lagging, except that the user always sees their own writes (read-your-writes). */
    public Session forUser(long userId) {
        return monitor.usable() && !fence.fenced(userId) ? replica : primary;
    }

    /** Reads that must see every committed write. */
    public Session primary() {
        return primary;
    }
}
