package com.flashcart.session;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Password hashing with bcrypt (salted; cost 10 by default). bcrypt reads at most 72 bytes, so longer passwords
 * are refused rather than silently truncated.
 */
@ApplicationScoped
public class Passwords {

    public static final int MAX_BYTES = 72;

    @Inject
    SessionConfig config;

    /** A real hash of a random password: checked against when the email is unknown, so timing tells nothing. */
    private String decoy;

    @PostConstruct
    void init() {
        decoy = hash("decoy-" + System.nanoTime());
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, config.bcryptCost());
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Spends the same time as a real check, for an unknown account. */
    public void matchDecoy(String password) {
        BcryptUtil.matches(password, decoy);
    }

    public static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
