package com.flashcart.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only endpoints that exercise the error-mapping layer with a validated body and an unexpected failure,
 * before the capabilities bring endpoints of their own.
 */
@Path("/test/probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public record Body(@NotBlank String name, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    @POST
    public Body echo(@Valid @NotNull Body body) {
        return body;
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("SELECT password FROM users -- internal detail");
    }
}
