package com.flashcart.catalog.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.flashcart.catalog.ProductAdmin;
import com.flashcart.catalog.ProductDetail;
import com.flashcart.common.error.ProblemException;

@Path("/api/v1/admin/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class AdminProductResource {

    public record NewProduct(@NotBlank @Size(max = 200) String name, @Size(max = 4000) String description,
            @NotNull @Min(0) @Max(1_000_000_000) Long price, @NotNull @Min(0) @Max(100_000_000) Integer stock) {
    }

    public record ProductChange(@Min(0) @Max(1_000_000_000) Long price,
            @Min(-100_000_000) @Max(100_000_000) Integer stockDelta) {
    }

    @Inject
    ProductAdmin admin;

    @POST
    @ResponseStatus(201)
    public ProductDetail create(@Valid @NotNull NewProduct product) {
        return admin.create(product.name().strip(), product.description(), product.price(), product.stock());
    }

    @PATCH
    @Path("/{id}")
    public ProductDetail change(@PathParam("id") @Min(1) long id, @Valid @NotNull ProductChange change) {
        if (change.price() == null && change.stockDelta() == null) {
            throw ProblemException.invalid("Give a price, a stockDelta or both");
        }
        return admin.change(id, change.price(), change.stockDelta());
    }
}
