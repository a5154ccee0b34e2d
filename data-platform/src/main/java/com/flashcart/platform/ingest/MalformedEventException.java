package com.flashcart.platform.ingest;

/** A message that is not an event of the contract; it is counted and skipped, never retried. */
public class MalformedEventException extends Exception {

    public MalformedEventException(String message) {
        super(message);
    }
}
