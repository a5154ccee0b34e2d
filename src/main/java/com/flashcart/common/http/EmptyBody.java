package com.flashcart.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.error.ProblemException;

/**
 * For endpoints whose contract takes no body, or {@code {}}: nothing is fine, but a body that is sent must be a
 * JSON object, read as strictly as any other (fields in it are ignored, as unknown fields are everywhere).
 * Anything else is a 400 and nothing changes.
 */
@ApplicationScoped
public class EmptyBody {

    @Inject
    ObjectMapper json;

    public void check(String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("The request body is not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw ProblemException.invalid("The request body must be empty or a JSON object such as {}");
        }
    }
}
