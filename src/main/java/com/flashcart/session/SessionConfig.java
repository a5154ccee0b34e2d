package com.flashcart.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.session")
public interface SessionConfig {

    /** A session not used for this long ends (sliding: every request restarts it). */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session ends this long after login, however busy. */
    @WithDefault("12h")
    Duration absoluteTimeout();

    /** bcrypt cost factor of new password hashes (each step doubles the work). */
    @WithDefault("10")
    int bcryptCost();

    /** Failed logins allowed per email within the failure window. */
    @WithDefault("10")
    int maxFailuresPerEmail();

    /** Failed logins allowed per client address within the failure window (many users may share an address). */
    @WithDefault("100")
    int maxFailuresPerAddress();

    /** How long a failed login counts against its email and address. */
    @WithDefault("15m")
    Duration failureWindow();
}
