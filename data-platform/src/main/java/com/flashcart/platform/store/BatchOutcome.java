package com.flashcart.platform.store;

/** What one committed batch changed: distinct events stored, duplicates dropped, malformed messages counted. */
public record BatchOutcome(int stored, int duplicates, int malformed) {
}
