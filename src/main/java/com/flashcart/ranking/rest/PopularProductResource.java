package com.flashcart.ranking.rest;

import java.time.LocalDate;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.ranking.SalesRanking;

@Path("/api/v1/products/popular")
@Produces(MediaType.APPLICATION_JSON)
public class PopularProductResource {

    public record Item(int rank, long productId, String name, long price, long soldQuantity) {
    }

    /** {@code from} and {@code to} are the Asia/Seoul calendar days covered, both included. */
    public record PopularProducts(LocalDate from, LocalDate to, List<Item> items) {
    }

    @Inject
    SalesRanking ranking;

    @GET
    public PopularProducts popular(@QueryParam("days") @DefaultValue("3") @Min(1) @Max(SalesRanking.MAX_DAYS) int days,
            @QueryParam("limit") @DefaultValue("5") @Min(1) @Max(50) int limit) {
        SalesRanking.Popular popular = ranking.top(days, limit);
        return new PopularProducts(popular.from(), popular.to(), popular.items().stream()
                .map(e -> new Item(e.rank(), e.productId(), e.name(), e.price(), e.soldQuantity()))
                .toList());
    }
}
