package com.flashcart.common;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the service's own background work (the outbox relay, the ranking rebuild, the catalog's change feed):
 * named, so a thread dump says whose they are, and daemons, so they never hold the process up at shutdown (each owner
 * stops its work in its own shutdown observer).
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
