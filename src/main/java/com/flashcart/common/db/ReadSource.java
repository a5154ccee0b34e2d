package com.flashcart.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.PersistenceUnit;

/**
 * Says which database serves which read, in one place. Writes and anything read just before a write use the
 * primary (the default persistence unit, through the Panache entities). Catalog pages and histories use the
 * replica persistence unit, whose mapped classes are the read views in each capability's {@code read} package;
 * those views are mapped in the primary unit too, so a read can move to the primary without new code.
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

    /** Reads that may lag the primary by a moment: catalog pages, histories. */
    public Session replica() {
        return replica;
    }

    /** Reads that must see every committed write. */
    public Session primary() {
        return primary;
    }
}
