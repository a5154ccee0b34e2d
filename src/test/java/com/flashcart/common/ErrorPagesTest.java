package com.flashcart.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.error.ErrorCode;

/**
 * The answers haproxy (the local ALB) gives itself, or puts in place of an instance's bare HTTP-layer answer, are the
 * service's own problem+json: the same type, title, status and code as {@link ErrorCode} says.
 */
@Tag("unit")
class ErrorPagesTest {

    private static final Path ERRORS = Path.of("infra/haproxy-errors");
    private static final Pattern STATUS_FILE = Pattern.compile("status (\\d{3}) content-type application/problem\\+json "
            + "file @ERRORS@/(\\d{3})\\.json");

    @Test
    void everyStatusHaproxyAnswersHasAProblemBodyOfItsOwnStatus() throws IOException {
        String config = Files.readString(Path.of("infra/haproxy.cfg"));
        Set<String> statuses = new TreeSet<>();
        Matcher m = STATUS_FILE.matcher(config);
        while (m.find()) {
            assertEquals(m.group(1), m.group(2), "status " + m.group(1) + " answers another status's body");
            statuses.add(m.group(1));
        }
        assertEquals(Set.of("400", "408", "413", "414", "431", "500", "501", "502", "503", "504"), statuses);
        for (String status : statuses) {
            assertTrue(Files.exists(ERRORS.resolve(status + ".json")), status + ".json");
        }
        assertFalse(config.contains("errorfile"), "errorfile pages carry their own status line: use http-error");
    }

    @Test
    void eachBodyIsTheServicesProblemForItsCode() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(ERRORS)) {
            for (Path file : files.toList()) {
                JsonNode problem = json.readTree(file.toFile());
                ErrorCode code = ErrorCode.valueOf(problem.get("code").asText());
                String name = file.getFileName().toString();
                assertEquals(name.substring(0, 3), problem.get("status").asText(), name);
                if (code != ErrorCode.UNAVAILABLE) {
                    assertEquals(code.status(), problem.get("status").asInt(), name);
                }
                assertEquals(code.type(), problem.get("type").asText(), name);
                assertEquals(code.title(), problem.get("title").asText(), name);
                assertFalse(problem.get("detail").asText().isBlank(), name);
            }
        }
    }
}
