package com.flashcart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.flashcart.support.LocalInfra;

/**
 * The ./flashcart script tells the truth about the processes it started. Runs while the test infrastructure
 * (started by ./flashcart test) is up, so the infrastructure parts must show as up with live pids.
 */
class FlashcartScriptTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void statusReportsEachPartWithALivePid() throws Exception {
        Map<String, String[]> parts = Arrays.stream(run("status").split("\n"))
                .skip(1)
                .map(line -> line.trim().split("\\s+"))
                .collect(Collectors.toMap(cols -> cols[0], cols -> cols));

        for (String part : new String[] { "mariadb-primary", "mariadb-replica", "redis", "kafka" }) {
            String[] cols = parts.get(part);
            assertEquals("up", cols[1], part + " is up");
            long pid = Long.parseLong(cols[3]);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), part + " pid " + pid + " is alive");
            String pidFile = Files.readString(LocalInfra.stateDir().resolve("run").resolve(part + ".pid")).trim();
            assertEquals(cols[3], pidFile, part + " pid matches its pid file");
        }
        assertEquals(System.getenv().getOrDefault("FLASHCART_DB_PRIMARY_PORT", "13306"), parts.get("mariadb-primary")[2]);
        assertEquals(System.getenv().getOrDefault("FLASHCART_KAFKA_PORT", "19092"), parts.get("kafka")[2]);
    }

    @Test
    void infraIsIdempotentWhenEverythingIsUp() throws Exception {
        String before = run("status");
        String output = run("infra");
        assertTrue(output.contains("already up; nothing changed"), output);
        assertEquals(before, run("status"), "no process was restarted");
    }

    @Test
    void unknownCommandFails() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("flashcart").toString(), "no-such-command")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
    }

    private static String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ROOT.resolve("flashcart").toString(), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " finished");
        assertEquals(0, p.exitValue(), command + " failed: " + out);
        return out;
    }
}
