package com.flashcart.common.idempotency;

/**
 * One request that carries an {@code Idempotency-Key}: the user it is scoped to, the key (null when the client
 * sent none), the operation ("points.charge", "order.create", ...) and the request body as parsed.
 */
public record IdempotentRequest(long userId, String key, String operation, Object body) {
}
