package com.flashcart.coupon.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.flashcart.coupon.Coupons;
import com.flashcart.coupon.DiscountType;

@Path("/api/v1/admin/coupons")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class AdminCouponResource {

    /** Fields beyond these (issuedQuantity, id ...) are ignored, never applied. */
    public record CreateRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull DiscountType discountType,
            @NotNull @Min(1) @Max(100_000_000) Long discountValue,
            @NotNull @Min(1) @Max(10_000_000) Integer totalQuantity,
            @NotNull Instant validFrom,
            @NotNull Instant validUntil) {
    }

    public record RebuildResponse(long couponId, long holders) {
    }

    @Inject
    Coupons coupons;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Coupons.CouponData create(@Valid @NotNull CreateRequest request) {
        return coupons.create(request.name(), request.discountType(), request.discountValue(),
                request.totalQuantity(), request.validFrom(), request.validUntil());
    }

    /** Rebuilds the coupon's Redis issuance state from the database. */
    @POST
    @Path("/{id}/rebuild")
    public RebuildResponse rebuild(@PathParam("id") @Min(1) long id) {
        return new RebuildResponse(id, coupons.rebuild(id));
    }
}
