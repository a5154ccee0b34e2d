package com.flashcart;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resources the code reads from the class path at run time must be listed for the native executable, or it
 * starts and then fails on first use. The Redis scripts are such resources (RedisScript.fromResource).
 */
@Tag("unit")
class NativeResourcesTest {

    @Test
    void everyRedisScriptIsIncludedInTheNativeImage() throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        String includes = config.getProperty("quarkus.native.resources.includes", "");
        List<PathMatcher> patterns = Arrays.stream(includes.split(","))
                .map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                .toList();
        Path resources = Path.of("src/main/resources");
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(resources.resolve("redis"))) {
            scripts = files.filter(Files::isRegularFile).map(resources::relativize).toList();
        }
        assertFalse(scripts.isEmpty());
        for (Path script : scripts) {
            assertTrue(patterns.stream().anyMatch(m -> m.matches(script)),
                    script + " is not in quarkus.native.resources.includes (" + includes + ")");
        }
    }
}
