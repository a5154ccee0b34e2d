package com.flashcart.session.rest;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import com.flashcart.common.http.ClientAddresses;
import com.flashcart.common.security.CurrentUser;
import com.flashcart.session.Accounts;
import com.flashcart.session.SessionStore;
import com.flashcart.session.User;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {

    public record SignUpRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 72) String password,
            @NotBlank @Size(max = 100) String name) {

        public SignUpRequest {
            email = email == null ? null : email.strip();
        }
    }

    public record UserResponse(long id, String email, String name) {
    }

    public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {

        public LoginRequest {
            email = email == null ? null : email.strip();
        }
    }

    public record SessionResponse(String token, Instant expiresAt) {
    }

    @Inject
    Accounts accounts;

    @Inject
    CurrentUser currentUser;

    @Inject
    ClientAddresses clientAddresses;

    @POST
    @Path("/users")
    @ResponseStatus(201)
    public UserResponse signUp(@Valid @NotNull SignUpRequest request) {
        Accounts.Account account = accounts.signUp(request.email(), request.password(), request.name(), User.ROLE_USER);
        return new UserResponse(account.id(), account.email(), account.name());
    }

    @POST
    @Path("/sessions")
    @ResponseStatus(201)
    public SessionResponse login(@Valid @NotNull LoginRequest request, HttpServerRequest http) {
        SessionStore.NewSession session = accounts.login(request.email(), request.password(),
                clientAddresses.of(http));
        return new SessionResponse(session.token(), session.expiresAt());
    }

    @DELETE
    @Path("/sessions/current")
    @Authenticated
    public RestResponse<Void> logout() {
        accounts.logout(currentUser.token());
        return RestResponse.noContent();
    }
}
