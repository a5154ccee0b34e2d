package com.flashcart.ranking.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.ranking.SalesRanking;

@Path("/api/v1/admin/rankings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class AdminRankingResource {

    /** {@code ordersWithPayment}: orders paid in the window, cancelled ones included (they are marked, not counted). */
    public record RebuildResponse(int daysWithSales, int ordersWithPayment) {
    }

    @Inject
    SalesRanking ranking;

    /** Rebuilds the day keys of the last 30 days from the database. */
    @POST
    @Path("/rebuild")
    public RebuildResponse rebuild() {
        SalesRanking.Rebuilt rebuilt = ranking.rebuild();
        return new RebuildResponse(rebuilt.days(), rebuilt.orders());
    }
}
