package com.flashcart.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;

/** Products made through the admin API for a test. */
public final class Catalog {

    private static String adminBearer;

    private Catalog() {
    }

    /**
     * The admin's bearer header, logged in once per start of the application: a test class with a profile of its own
     * starts the application again, on a wiped database and Redis, where the session of the earlier start is unknown
     * (checked with a read that costs no password hash, unlike a login).
     */
    public static synchronized String admin() {
        if (adminBearer == null
                || given().header("Authorization", adminBearer).get("/api/v1/me/points").statusCode() == 401) {
            adminBearer = Users.adminBearer();
        }
        return adminBearer;
    }

    /**
     * The product as the list pages show it, or null while they do not: it is looked for on the last page of 100
     * (pages are in id order and test products are the newest), so the answer does not depend on how many other
     * products the database holds.
     */
    public static Map<String, Object> listed(long productId) {
        int total = given().queryParam("size", 100).get("/api/v1/products").then().statusCode(200)
                .extract().path("total");
        for (int page = Math.max(0, (total - 1) / 100); page >= 0 && page >= (total - 1) / 100 - 1; page--) {
            java.util.List<Map<String, Object>> items = given().queryParam("page", page).queryParam("size", 100)
                    .get("/api/v1/products").then().statusCode(200).extract().path("items");
            for (Map<String, Object> item : items) {
                if (((Number) item.get("id")).longValue() == productId) {
                    return item;
                }
            }
        }
        return null;
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
