package com.flashcart.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    /** The identity attribute holding the presented token (logout deletes that session). */
    public static final String TOKEN_ATTRIBUTE = "flashcart.session-token";

    @Inject
    SessionStore sessions;

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return sessions.touch(request.token()).map(found -> {
            SessionStore.Session session = found.orElseThrow(() -> new AuthenticationFailedException("Unknown or expired session"));
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(Long.toString(session.userId())))
                    .addRole(User.ROLE_USER)
                    .addAttribute(TOKEN_ATTRIBUTE, request.token());
            if (User.ROLE_ADMIN.equals(session.role())) {
                identity.addRole(User.ROLE_ADMIN);
            }
            return identity.build();
        });
    }
}
