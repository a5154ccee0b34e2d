package com.flashcart.coupon.rest;

import java.time.Instant;
import java.util.List;

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
import com.flashcart.coupon.CouponIssuer;
import com.flashcart.coupon.Coupons;
import com.flashcart.coupon.DiscountType;
import com.flashcart.session.CurrentUser;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CouponResource {

    public record IssueResponse(long userCouponId, long couponId, String status, Instant expiresAt) {
    }

    public record OwnCoupon(long userCouponId, long couponId, String name, DiscountType discountType, long discountValue,
            String status, Instant expiresAt) {
    }

    public record OwnCoupons(List<OwnCoupon> items) {
    }

    @Inject
    Coupons coupons;

    @Inject
    CouponIssuer issuer;

    @Inject
    CurrentUser user;

    @GET
    @Path("/coupons/{id}")
    public CouponResponse get(@PathParam("id") @Min(1) long id) {
        return coupons.coupon(id).map(CouponResponse::of).orElseThrow(() -> ProblemException.notFound("Coupon"));
    }

    @POST
    @Path("/coupons/{id}/issue")
    @Authenticated
    @ResponseStatus(201)
    public Uni<IssueResponse> issue(@PathParam("id") @Min(1) long id) {
        // runs on the event loop: see CouponIssuer.issueLater
        return issuer.issueLater(id, user.id()).map(issued ->
                new IssueResponse(issued.userCouponId(), issued.couponId(), issued.status(), issued.expiresAt()));
    }

    @GET
    @Path("/me/coupons")
    @Authenticated
    public OwnCoupons mine() {
        return new OwnCoupons(coupons.own(user.id()).stream()
                .map(c -> new OwnCoupon(c.userCouponId(), c.couponId(), c.name(), c.discountType(), c.discountValue(),
                        c.status(), c.expiresAt()))
                .toList());
    }
}
