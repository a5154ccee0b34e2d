package com.flashcart.common.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;

/** {@link ClientAddress} for this service's trusted proxies ({@code flashcart.http.trusted-proxies}). */
@ApplicationScoped
public class ClientAddresses {

    private final ClientAddress rule;

    ClientAddresses(@ConfigProperty(name = "flashcart.http.trusted-proxies") List<String> trustedProxies) {
        this.rule = new ClientAddress(trustedProxies);
    }

    public String of(HttpServerRequest request) {
        return rule.of(request.remoteAddress().hostAddress(), request.headers().getAll("X-Forwarded-For"));
    }
}
