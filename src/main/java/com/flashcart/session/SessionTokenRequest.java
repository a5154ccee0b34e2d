package com.flashcart.session;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token presented by a client, to be checked against the session store. */
public class SessionTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public SessionTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
