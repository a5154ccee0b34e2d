package com.flashcart.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

/**
 * Whether the ids one multi-row {@code INSERT} generates are consecutive, so that a group commit can tell each
 * row's id from the first (Connector/J's generated keys, or {@code LAST_INSERT_ID()}, count on it too). They are
 * with {@code innodb_autoinc_lock_mode} 0 or 1 (MariaDB's default; the RDS parameter group sets 1); with another
 * mode the group commits that need them are off, and every write goes alone.
 */
@ApplicationScoped
public class ConsecutiveIds {

    private static final Logger LOG = Logger.getLogger(ConsecutiveIds.class);

    @Inject
    EntityManager em;

    private Boolean consecutive;

    /** Asks the primary once, on first use; false if it cannot be asked. */
    public synchronized boolean available() {
        if (consecutive == null) {
            try {
                Object mode = Transactions.inNew(() -> em.createNativeQuery("SELECT @@innodb_autoinc_lock_mode")
                        .getSingleResult());
                consecutive = ((Number) mode).intValue() <= 1;
            } catch (RuntimeException e) {
                consecutive = false;
            }
            if (!consecutive) {
                LOG.warn("Group commits that insert many rows are off: innodb_autoinc_lock_mode is not 0 or 1");
            }
        }
        return consecutive;
    }
}
