package com.flashcart.common.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A trivial endpoint that touches no backing service: the benchmark's HTTP ceiling. */
@Path("/api/v1/ping")
public class PingResource {

    public record Pong(boolean ok) {
    }

    private static final Pong PONG = new Pong(true);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Pong ping() {
        return PONG;
    }
}
