package com.flashcart.common.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user of the current request, for every capability's resources. The session capability makes the
 * identity (its token under {@link #TOKEN_ATTRIBUTE}); everything else only asks who is calling.
 */
@RequestScoped
public class CurrentUser {

    /** The identity attribute holding the bearer token the request was authenticated with. */
    public static final String TOKEN_ATTRIBUTE = "flashcart.session-token";

    @Inject
    SecurityIdentity identity;

    public long id() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return Long.parseLong(identity.getPrincipal().getName());
    }

    public String token() {
        return identity.getAttribute(TOKEN_ATTRIBUTE);
    }
}
