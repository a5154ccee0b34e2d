package com.flashcart.ranking.rest;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.ranking.DailySales;
import com.flashcart.ranking.PopularProducts;

@Path("/api/v1/products/popular")
@Produces(MediaType.APPLICATION_JSON)
public class PopularProductResource {

    @Inject
    PopularProducts popular;

    @GET
    public PopularProducts.Popular popular(@QueryParam("days") @DefaultValue("3") @Min(1) @Max(DailySales.MAX_DAYS) int days,
            @QueryParam("limit") @DefaultValue("5") @Min(1) @Max(50) int limit) {
        return popular.top(days, limit);
    }
}
