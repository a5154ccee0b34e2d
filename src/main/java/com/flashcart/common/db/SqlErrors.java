package com.flashcart.common.db;

import java.sql.SQLException;

/** Recognises MySQL/MariaDB failures by their vendor error codes, through any wrapping. */
public final class SqlErrors {

    private static final int DUPLICATE_KEY = 1062;
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** MariaDB's ER_CONSTRAINT_FAILED and MySQL's ER_CHECK_CONSTRAINT_VIOLATED. */
    private static final int MARIADB_CHECK_FAILED = 4025;
    private static final int MYSQL_CHECK_FAILED = 3819;

    private SqlErrors() {
    }

    /** A unique or primary key already holds the value. */
    public static boolean isDuplicateKey(Throwable failure) {
        return hasErrorCode(failure, DUPLICATE_KEY);
    }

    /** The database chose this transaction as a deadlock victim, or gave up waiting for a lock: safe to retry. */
    public static boolean isRetryableConflict(Throwable failure) {
        return hasErrorCode(failure, DEADLOCK) || hasErrorCode(failure, LOCK_WAIT_TIMEOUT);
    }

    /**
     * A CHECK constraint refused the statement's change. The statement then changed nothing (a failed statement is
     * undone whole), and the transaction goes on.
     */
    public static boolean isCheckViolation(Throwable failure) {
        return hasErrorCode(failure, MARIADB_CHECK_FAILED) || hasErrorCode(failure, MYSQL_CHECK_FAILED);
    }

    private static boolean hasErrorCode(Throwable failure, int code) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
