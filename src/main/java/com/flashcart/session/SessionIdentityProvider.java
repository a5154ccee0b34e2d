package com.flashcart.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.security.CurrentUser;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a session token into a security identity: principal = user id, roles = the session's role. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionTokenRequest> {

    private static final Logger LOG = Logger.getLogger(SessionIdentityProvider.class);

    @Inject
    SessionStore sessions;

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return sessions.touch(request.token())
                .onFailure(failure -> !(failure instanceof AuthenticationFailedException))
                .transform(failure -> {
                    // the session store failing is not a bad token: answer 503, never 401
                    LOG.warnf("Session lookup failed: %s", failure.toString());
                    return new ProblemException(ErrorCode.UNAVAILABLE, "Sessions are unavailable; try again shortly",
                            java.time.Duration.ofSeconds(1));
                })
                .map(found -> {
            SessionStore.Session session = found.orElseThrow(() -> new AuthenticationFailedException("Unknown or expired session"));
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(Long.toString(session.userId())))
                    .addRole(User.ROLE_USER)
                    // the presented token, for logout to delete that session
                    .addAttribute(CurrentUser.TOKEN_ATTRIBUTE, request.token());
            if (User.ROLE_ADMIN.equals(session.role())) {
                identity.addRole(User.ROLE_ADMIN);
            }
            return identity.build();
        });
    }
}
