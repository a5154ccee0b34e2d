package com.flashcart.common.error;

/**
 * The stable, machine-readable {@code code} of every problem+json answer (shared/API.md, "Errors"), with the
 * HTTP status and the title that go with it. Codes beyond the contract's list cover the HTTP-level failures a
 * client can also meet.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Request is not valid"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    EMAIL_TAKEN(409, "Email already registered"),
    INSUFFICIENT_POINTS(409, "Not enough points"),
    OUT_OF_STOCK(409, "Out of stock"),
    COUPON_SOLD_OUT(409, "Coupon sold out"),
    COUPON_ALREADY_ISSUED(409, "Coupon already issued"),
    COUPON_NOT_USABLE(409, "Coupon not usable"),
    ORDER_NOT_PAYABLE(409, "Order not payable"),
    ORDER_NOT_CANCELLABLE(409, "Order not cancellable"),
    BALANCE_LIMIT_EXCEEDED(409, "Balance limit exceeded"),
    STOCK_LIMIT_EXCEEDED(409, "Stock limit exceeded"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with a different request"),
    RATE_LIMITED(429, "Too many requests"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    INTERNAL_ERROR(500, "Internal error"),
    NOT_IMPLEMENTED(501, "Not implemented"),
    UNAVAILABLE(503, "Service temporarily unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem {@code type} URI: stable per code, so clients may switch on either. */
    public String type() {
        return "https://flashcart.dev/problems/" + name().toLowerCase().replace('_', '-');
    }

    /** The code a bare HTTP status stands for, when a failure carries nothing more specific. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_FAILED;
        };
    }
}
