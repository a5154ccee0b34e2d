package com.flashcart.common.idempotency;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One request that carries an {@code Idempotency-Key}: the user it is scoped to, the key (null when the client
 * sent none), the operation ("points.charge", "order.create", ...) and the request body as parsed.
 */
public record IdempotentRequest(long userId, String key, String operation, Object body) {

    /**
     * For a group commit: the positions of the requests that are the first with their key (a key is the user's own),
     * in order. A later request with the same key is its repeat, to be answered as the first was; a request without
     * a key is always first.
     */
    public static List<Integer> firstOfEachKey(List<IdempotentRequest> requests) {
        Set<List<Object>> keys = new HashSet<>();
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            IdempotentRequest request = requests.get(i);
            if (request.key() == null || keys.add(List.of(request.userId(), request.key()))) {
                first.add(i);
            }
        }
        return first;
    }
}
