package com.flashcart.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;

/** Products made through the admin API for a test. */
public final class Catalog {

    private static String adminBearer;

    private Catalog() {
    }

    public static synchronized String admin() {
        if (adminBearer == null) {
            adminBearer = Users.adminBearer();
        }
        return adminBearer;
    }

    public static long product(String name, long price, int stock) {
        Number id = given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "for a test", "price", price, "stock", stock))
                .when().post("/api/v1/admin/products")
                .then().statusCode(201)
                .extract().path("id");
        return id.longValue();
    }
}
