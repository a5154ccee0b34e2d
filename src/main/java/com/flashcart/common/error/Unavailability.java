package com.flashcart.common.error;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of a backing service (database, Redis, Kafka unreachable or timing out) from a bug, so the
 * client gets a 503 it may retry rather than a 500. Walks the cause chain because drivers wrap their errors.
 */
public final class Unavailability {

    private Unavailability() {
    }

    public static boolean isUnavailable(Throwable failure) {
        return rootOfUnavailability(failure) != null;
    }

    public static String describe(Throwable failure) {
        Throwable cause = rootOfUnavailability(failure);
        Throwable shown = cause == null ? failure : cause;
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }

    private static Throwable rootOfUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof ConnectException
                    || t instanceof TimeoutException
                    // Agroal's pool exhausted: a plain SQLException, known only by its message
                    || t instanceof java.sql.SQLException && String.valueOf(t.getMessage()).contains("acquisition timeout")) {
                return t;
            }
        }
        return null;
    }
}
