package com.flashcart.point.rest;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.common.security.CurrentUser;
import com.flashcart.point.PointHistory;
import com.flashcart.point.PointService;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/me/points")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class PointResource {

    @Inject
    CurrentUser user;

    @Inject
    PointService points;

    @Inject
    PointHistory history;

    @GET
    public PointService.Balance balance() {
        return points.balance(user.id());
    }

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PointService.Charged> charge(@Valid @NotNull PointService.Charge request,
            @HeaderParam("Idempotency-Key") @Size(max = 255) String key) {
        // answered on the event loop once the charge's batch commits: see PointService.chargeLater
        return points.chargeLater(user.id(), key, request);
    }

    @GET
    @Path("/history")
    public PointHistory.Page history(@QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("cursor") @Size(max = 64) String cursor) {
        return history.page(user.id(), size, cursor);
    }
}
