package com.flashcart.catalog.rest;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.flashcart.catalog.ProductCatalog;
import com.flashcart.common.error.ProblemException;

@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    ProductCatalog catalog;

    @GET
    public ProductPage list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return ProductPage.of(catalog.page(page, size));
    }

    @GET
    @Path("/{id}")
    public ProductDetail get(@PathParam("id") @Min(1) long id) {
        return catalog.product(id).map(ProductDetail::of).orElseThrow(() -> ProblemException.notFound("Product"));
    }
}
