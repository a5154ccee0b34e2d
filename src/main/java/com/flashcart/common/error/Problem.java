package com.flashcart.common.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, the body of every 4xx/5xx answer. {@code errors} lists the offending fields of a
 * request that failed validation and is absent otherwise. Registered for reflection: idempotency records a refusal
 * as this JSON and reads it back, outside the REST layer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    public static Problem of(ErrorCode code, String detail) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.name(), null);
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        ErrorCode code = ErrorCode.VALIDATION_FAILED;
        return new Problem(code.type(), code.title(), code.status(), detail, code.name(), errors);
    }
}
