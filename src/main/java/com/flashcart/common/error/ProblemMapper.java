package com.flashcart.common.error;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become HTTP answers: every exception that leaves a resource is turned into an
 * RFC 9457 problem+json body with the contract's {@code code}. No stack trace, SQL or class name ever reaches
 * a client; unexpected failures are logged here with their stack trace and answered with a bland 500.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        return answer(Problem.of(e.code(), e.getMessage()), e.retryAfter());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unauthenticated(AuthenticationFailedException e) {
        ProblemException cause = problemCause(e);
        if (cause != null) {
            return problem(cause);
        }
        if (Unavailability.isUnavailable(e)) {
            return unexpected(e);
        }
        return unauthorized();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> anonymous(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e) {
        return answer(Problem.of(ErrorCode.FORBIDDEN, "This needs a role the session does not have"), null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return answer(Problem.invalid("The request has invalid fields", errors), null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e) {
        ProblemException reading = problemCause(e);
        return reading != null ? problem(reading) : answer(unreadable(e), null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e) {
        Throwable cause = e.getCause();
        ProblemException reading = problemCause(e);
        if (reading != null) {
            return problem(reading);
        }
        if (cause instanceof JsonProcessingException json) {
            return answer(unreadable(json), null);
        }
        if (e instanceof NotFoundException && cause instanceof IllegalArgumentException) {
            // JAX-RS answers 404 when a path or query parameter does not convert ("abc" for a number)
            return answer(Problem.invalid("A parameter has the wrong type or format", null), null);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        if (status >= 500) {
            LOG.error("Request failed", e);
            return answer(Problem.of(code, "The request could not be completed"), null);
        }
        String detail = switch (code) {
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json";
            case NOT_ACCEPTABLE -> "This resource answers application/json";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than allowed";
            default -> "The request could not be understood";
        };
        return answer(new Problem(code.type(), code.title(), status, detail, code.name(), null), null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        if (Unavailability.isUnavailable(e)) {
            LOG.warnf("A backing service is unavailable: %s", Unavailability.describe(e));
            return answer(Problem.of(ErrorCode.UNAVAILABLE, "A backing service is unavailable; try again shortly"),
                    Duration.ofSeconds(1));
        }
        LOG.error("Unexpected failure", e);
        return answer(Problem.of(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred"), null);
    }

    private static RestResponse<Problem> unauthorized() {
        RestResponse<Problem> response = answer(
                Problem.of(ErrorCode.UNAUTHORIZED, "Sign in: the session is missing, unknown, expired or ended"), null);
        response.getHeaders().putSingle("WWW-Authenticate", "Bearer");
        return response;
    }

    /**
     * A problem among the causes of {@code e}, which a framework wrapped in its own failure: one raised while the
     * body's stream was read (BodySizeLimit's 413, inside Jackson's and RESTEasy's read failures), or by an identity
     * provider (inside the authentication failure); null when there is none.
     */
    private static ProblemException problemCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    private static Problem unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("body");
            return Problem.invalid("The request body could not be read",
                    List.of(new Problem.FieldError(field, "has the wrong type or format")));
        }
        return Problem.invalid("The request body is not valid JSON", null);
    }

    /**
     * The request field a violation points at: the property path inside the body ("items[2].quantity"), or
     * the name of the query or path parameter when the violation is on a parameter itself.
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder property = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    property.append('[').append(node.getIndex()).append(']');
                }
                if (node.getKind() == ElementKind.PROPERTY) {
                    property.append(property.isEmpty() ? "" : ".").append(node.getName());
                }
            }
        }
        if (!property.isEmpty()) {
            return property.toString();
        }
        return parameter != null ? parameter : "body";
    }

    private static RestResponse<Problem> answer(Problem problem, Duration retryAfter) {
        RestResponse.ResponseBuilder<Problem> response = RestResponse.ResponseBuilder.<Problem> create(problem.status())
                .entity(problem)
                .type(Problem.MEDIA_TYPE);
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        return response.build();
    }
}
