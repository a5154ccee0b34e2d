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
import com.flashcart.catalog.ProductDetail;
import com.flashcart.catalog.ProductPage;
import com.flashcart.common.http.OffEventLoop;

import io.smallrye.mutiny.Uni;

/**
 * Catalog pages. What this instance holds in memory is answered on the event loop; anything else is loaded on a
 * worker thread (shared cache, then the replica).
 */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    ProductCatalog catalog;

    @GET
    public Uni<ProductPage> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        ProductPage held = catalog.heldListing(page, size);
        return held != null ? Uni.createFrom().item(held) : OffEventLoop.call(() -> catalog.listing(page, size));
    }

    @GET
    @Path("/{id}")
    public Uni<ProductDetail> get(@PathParam("id") @Min(1) long id) {
        ProductDetail held = catalog.heldDetail(id);
        return held != null ? Uni.createFrom().item(held) : OffEventLoop.call(() -> catalog.detail(id));
    }
}
