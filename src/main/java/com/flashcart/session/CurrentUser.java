package com.flashcart.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in user of the current request. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public long id() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return Long.parseLong(identity.getPrincipal().getName());
    }

    public String token() {
        return identity.getAttribute(SessionIdentityProvider.TOKEN_ATTRIBUTE);
    }
}
