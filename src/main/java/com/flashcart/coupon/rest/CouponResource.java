package com.flashcart.coupon.rest;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.flashcart.common.error.ProblemException;
import com.flashcart.common.security.CurrentUser;
import com.flashcart.coupon.CouponIssuer;
import com.flashcart.coupon.Coupons;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CouponResource {

    @Inject
    Coupons coupons;

    @Inject
    CouponIssuer issuer;

    @Inject
    CurrentUser user;

    @GET
    @Path("/coupons/{id}")
    public Coupons.CouponData get(@PathParam("id") @Min(1) long id) {
        return coupons.coupon(id).orElseThrow(() -> ProblemException.notFound("Coupon"));
    }

    @POST
    @Path("/coupons/{id}/issue")
    @Authenticated
    @ResponseStatus(201)
    public Uni<CouponIssuer.Issued> issue(@PathParam("id") @Min(1) long id) {
        // runs on the event loop: see CouponIssuer.issueLater
        return issuer.issueLater(id, user.id());
    }

    @GET
    @Path("/me/coupons")
    @Authenticated
    public Coupons.OwnCoupons mine() {
        return new Coupons.OwnCoupons(coupons.own(user.id()));
    }
}
