package com.flashcart.common.http;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Names the instance that answered ({@code X-Flashcart-Instance}), so load-balancer behaviour is visible. */
public class InstanceHeader {

    @ConfigProperty(name = "flashcart.instance-id")
    String instanceId;

    @ServerResponseFilter
    public void name(ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Flashcart-Instance", instanceId);
    }
}
