package com.flashcart.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;


/** Sign-up, login and logout. Password hashing runs outside transactions so it never holds a connection. */
@ApplicationScoped
public class Accounts {

    /** An account as callers see it: never the entity, never the hash. */
    public record Account(long id, String email, String name, String role) {
    }

    @Inject
    Passwords passwords;

    @Inject
    SessionStore sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    Event<UserRegistered> registered;

    @Inject
    Clock clock;

    public Account signUp(String email, String password, String name, String role) {
        String canonical = Emails.canonical(email);
        if (!Passwords.fitsBcrypt(password)) {
            throw ProblemException.invalid("The password may be at most " + Passwords.MAX_BYTES + " bytes in UTF-8");
        }
        if (User.findByEmail(canonical).isPresent()) {
            throw emailTaken();
        }
        String hash = passwords.hash(password);
        try {
            return Transactions.inNew(() -> {
                User user = new User();
                user.email = canonical;
                user.name = name.trim();
                user.passwordHash = hash;
                user.role = role;
                user.createdAt = Instant.now(clock);
                user.persistAndFlush();
                registered.fire(new UserRegistered(user.id));
                return new Account(user.id, user.email, user.name, user.role);
            });
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                throw emailTaken();
            }
            throw e;
        }
    }

    public SessionStore.NewSession login(String email, String password, String clientAddress) {
        String canonical = Emails.canonical(email);
        throttle.reserveAttempt(canonical, clientAddress);
        Optional<User> user = User.findByEmail(canonical);
        boolean matches;
        if (user.isPresent()) {
            matches = passwords.matches(password, user.get().passwordHash);
        } else {
            passwords.matchDecoy(password);
            matches = false;
        }
        if (!matches) {
            throw new ProblemException(ErrorCode.UNAUTHORIZED, "The email or the password is wrong");
        }
        throttle.succeeded(canonical, clientAddress);
        return sessions.create(user.get().id, user.get().role);
    }

    public void logout(String token) {
        sessions.delete(token);
    }

    private static ProblemException emailTaken() {
        return new ProblemException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
    }
}
