package com.flashcart.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/**
 * Creates the first admin account from configuration at start-up, once: instances starting together race on
 * the unique email and the loser finds the account there.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    @ConfigMapping(prefix = "flashcart.admin")
    public interface AdminConfig {
        /** Email of the admin created at start-up. */
        String email();

        /** Its password: required in production (FLASHCART_ADMIN_PASSWORD). */
        String password();
    }

    @Inject
    AdminConfig config;

    @Inject
    Accounts accounts;

    @ActivateRequestContext
    void onStart(@Observes StartupEvent start) {
        if (User.findByEmail(Emails.canonical(config.email())).isPresent()) {
            return;
        }
        try {
            accounts.signUp(config.email(), config.password(), "Administrator", User.ROLE_ADMIN);
            LOG.infof("Created the admin account %s", Emails.canonical(config.email()));
        } catch (ProblemException e) {
            if (e.code() != ErrorCode.EMAIL_TAKEN) {
                throw e;
            }
        }
    }
}
