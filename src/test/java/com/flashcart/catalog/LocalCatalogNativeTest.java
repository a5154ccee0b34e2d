package com.flashcart.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.catalog.ProductCatalog.Page;
import com.flashcart.catalog.ProductCatalog.ProductData;
import com.github.benmanes.caffeine.cache.Cache;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Caffeine classes {@link LocalCatalog} registers for the native executable are exactly those its caches are
 * built from: Caffeine picks a generated cache class and node class per combination of features and loads them by
 * name, so a changed builder (another expiry, a weigher) needs another registration, or the native executable fails
 * on the first catalog read with ClassNotFoundException while the JVM works.
 */
@Tag("unit")
class LocalCatalogNativeTest {

    @Test
    void theRegisteredCaffeineClassesAreTheOnesTheCachesUse() throws ReflectiveOperationException {
        CatalogConfig config = new Defaults();
        Cache<Long, ProductData> products = LocalCatalog.productCache(config);
        products.put(1L, new ProductData(1, "name", "description", 100, 1, 1));
        Cache<LocalCatalog.PageKey, Page> pages = LocalCatalog.pageCache(config);
        pages.put(new LocalCatalog.PageKey(0, 20), new Page(List.of(), 0, 20, 0));

        Set<String> used = new TreeSet<>();
        for (Cache<?, ?> cache : List.of(products, pages)) {
            Object implementation = field(cache, "cache");
            used.add(implementation.getClass().getName());
            Map<?, ?> data = (Map<?, ?>) field(implementation, "data");
            used.add(data.values().iterator().next().getClass().getName());
        }
        Set<String> registered = new TreeSet<>(
                Set.of(LocalCatalog.class.getAnnotation(RegisterForReflection.class).classNames()));
        assertEquals(used, registered);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** The production defaults of what shapes the caches. */
    private static final class Defaults implements CatalogConfig {
        public Duration pollInterval() { return Duration.ofMillis(500); }
        public Duration pollOverlap() { return Duration.ofSeconds(5); }
        public Duration startupLookback() { return Duration.ofSeconds(10); }
        public Duration localExpiry() { return Duration.ofMinutes(10); }
        public Duration pageExpiry() { return Duration.ofMinutes(1); }
        public long localMaxBytes() { return 64 << 20; }
        public String channel() { return "unused"; }
        public int preload() { return 0; }
    }
}
