package com.flashcart.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** docs/api.md, the contract that travels with the code, names every route the service's OpenAPI document has. */
@QuarkusTest
class OpenApiRoutesTest {

    @Test
    void everyRouteIsInTheContract() throws IOException {
        String api = Files.readString(Path.of("docs/api.md"));
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().path("paths");
        Set<String> missing = new TreeSet<>();
        // /test/... are the test suite's own probes (support.ProbeResource), not part of the service
        paths.entrySet().removeIf(p -> p.getKey().startsWith("/test/"));
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
            String route = method.toUpperCase() + " " + path;
            if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method.toUpperCase()) && !api.contains(route)) {
                missing.add(route);
            }
        }));
        assertEquals(Set.of(), missing, "routes missing from docs/api.md");
    }
}
