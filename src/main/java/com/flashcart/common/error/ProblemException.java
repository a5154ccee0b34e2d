package com.flashcart.common.error;

import java.time.Duration;

/**
 * A failure the client should hear about as a problem+json answer with the given code. Thrown by services;
 * the mapping layer turns it into the HTTP answer, so no resource builds an error response by hand.
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;

    public ProblemException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    public ProblemException(ErrorCode code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** For 429 and 503 answers: when the client may try again (the {@code Retry-After} header). */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
