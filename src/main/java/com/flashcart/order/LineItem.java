package com.flashcart.order;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of a paid or cancelled order as the events carry it (shared/API.md, "Events to the data platform"). */
@RegisterForReflection
public record LineItem(long productId, int quantity, long unitPrice) {
}
