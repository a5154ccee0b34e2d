package com.flashcart.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** No secret in the repository, and none in the logs: passwords and session tokens are never written out. */
@QuarkusTest
class SecretsTest {

    private static final Pattern SECRET_IN_FILE = Pattern.compile(
            "-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----|AKIA[0-9A-Z]{16}|aws_secret_access_key\\s*=|xox[baprs]-[0-9A-Za-z-]{10,}");

    @Test
    void theRepositoryHoldsNoKeysOrCloudCredentials() throws Exception {
        Process git = new ProcessBuilder("git", "ls-files").redirectErrorStream(true).start();
        List<String> files = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        assertTrue(files.size() > 50, "git ls-files listed the repository: " + files.size());
        List<String> found = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || Files.size(path) > 2_000_000) {
                continue;
            }
            String text;
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException notText) {
                continue;
            }
            if (SECRET_IN_FILE.matcher(text).find() && !file.endsWith("SecretsTest.java")) {
                found.add(file);
            }
        }
        assertEquals(List.of(), found, "files that look like they hold a secret");
    }

    @Test
    void passwordsAndTokensNeverReachTheLogs() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + (record.getThrown() == null ? "" : record.getThrown().toString()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        // the capture really sees the application's log records
        org.jboss.logging.Logger.getLogger("com.flashcart.probe").info("capture-probe");
        String password = "Very-Secret-Passphrase-" + System.nanoTime();
        String token;
        try {
            String email = Users.freshEmail();
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password, "name", "Quiet"))
                    .post("/api/v1/users").then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password + "-wrong"))
                    .post("/api/v1/sessions").then().statusCode(401);
            token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                    .post("/api/v1/sessions").then().statusCode(201).extract().path("token");
            given().header("Authorization", "Bearer " + token).get("/api/v1/me/points").then().statusCode(200);
            given().header("Authorization", "Bearer " + token + "tampered").get("/api/v1/me/points").then().statusCode(401);
            given().header("Authorization", "Bearer " + token).delete("/api/v1/sessions/current").then().statusCode(204);
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("capture-probe")), "the log capture works");
        for (String line : logged) {
            assertTrue(!line.contains(password), "a password was logged: " + line);
            assertTrue(!line.contains(token), "a session token was logged: " + line);
        }
    }
}
