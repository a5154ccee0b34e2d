package com.flashcart.ranking;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.ranking")
public interface RankingConfig {

    /** How long a day's sales stay in Redis: longer than the widest window asked for (30 days). */
    @WithDefault("P35D")
    Duration dayTtl();

    /** How long the event and order markers that drop duplicates live; at least the day TTL. */
    @WithDefault("P35D")
    Duration seenTtl();

    /** How long a computed top list is reused (in Redis, by every instance). */
    @WithDefault("3s")
    Duration cacheTtl();

    /** How long ranking calls wait for Redis before falling back to the database. */
    @WithDefault("1s")
    Duration redisTimeout();
}
