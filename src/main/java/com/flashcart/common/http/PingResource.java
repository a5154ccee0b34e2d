package com.flashcart.common.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.NonBlocking;

/**
 * A trivial endpoint that touches no backing service: the benchmark's HTTP ceiling. It answers on the event loop,
 * like every endpoint that answers from memory, so the ceiling is the cheapest request the service can serve.
 */
@Path("/api/v1/ping")
public class PingResource {

    public record Pong(boolean ok) {
    }

    private static final Pong PONG = new Pong(true);

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Pong ping() {
        return PONG;
    }
}
