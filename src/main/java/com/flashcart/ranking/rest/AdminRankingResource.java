package com.flashcart.ranking.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.ranking.RankingRebuild;

@Path("/api/v1/admin/rankings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class AdminRankingResource {

    @Inject
    RankingRebuild rebuild;

    /**
     * Rebuilds the day keys of the last 30 days from the database. {@code ordersWithPayment}: orders paid in the
     * window, cancelled ones included (they are marked, not counted); {@code elsewhere}: another instance was
     * rebuilding already, so this one did nothing.
     */
    @POST
    @Path("/rebuild")
    public RankingRebuild.Rebuilt rebuild() {
        return rebuild.rebuild();
    }
}
