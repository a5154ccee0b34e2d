package com.flashcart.common.db;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.replica")
public interface ReadConfig {

    /** The most a replica may lag and still serve reads; beyond it every read goes to the primary. */
    @WithDefault("2s")
    Duration maxLag();

    /** How often each instance stamps the heartbeat and measures the lag. */
    @WithDefault("500ms")
    Duration checkInterval();
}
