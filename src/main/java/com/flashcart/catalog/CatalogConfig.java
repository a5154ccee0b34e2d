package com.flashcart.catalog;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Each instance's copy of the catalog ({@link LocalCatalog}). */
@ConfigMapping(prefix = "flashcart.catalog")
public interface CatalogConfig {

    /** How often the instance reads the change feed: with the replica's lag, the most stock on a page lags. */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How far each look at the change feed reaches back before the previous one. It must exceed the replica's
     * maximum lag ({@code flashcart.replica.max-lag}) plus the longest time between a change and its commit.
     */
    @WithDefault("5s")
    Duration pollOverlap();

    /** How far the first look reaches back: at least the life of an entry in the shared Redis cache. */
    @WithDefault("10s")
    Duration startupLookback();

    /**
     * The longest a copy of a product is kept, whatever else happens: a backstop only, as versions, the change
     * feed and announcements keep copies true; it also lets products nobody looks at any more leave the memory.
     */
    @WithDefault("10m")
    Duration localExpiry();

    /**
     * How long a page (which products, and how many in all) is kept: a backstop only, as a new product drops the
     * pages anyway and the items on a page are always shown at the newest version held.
     */
    @WithDefault("1m")
    Duration pageExpiry();

    /** The most memory (roughly, in bytes) the copies of products may take; the least used go first. */
    @WithDefault("67108864")
    long localMaxBytes();

    /** The Redis channel on which instances announce product changes to each other ({@link CatalogChannel}). */
    @WithDefault("fc:catalog:changed")
    String channel();

    /** How many products (the first, by id) an instance loads into its copy when it starts; 0 for none. */
    @WithDefault("20000")
    int preload();
}
