package com.flashcart.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * Enforces the contract's 64 KiB cap on request bodies with a problem+json 413: at once from
 * {@code Content-Length}, and while reading for bodies sent without one (chunked).
 * <p>
 * Not a {@code ReaderInterceptor}: with any reader interceptor registered, RESTEasy Reactive parses the resource
 * method's parameter annotations by reflection on every request with a body (5.6% of the event loops' time in the
 * flash sale's profile). A request filter that wraps only the bodies of unknown length costs nothing to the others.
 */
public class BodySizeLimit {

    private static final String TRANSFER_ENCODING = "Transfer-Encoding";

    @ConfigProperty(name = "flashcart.http.max-body-bytes")
    long maxBytes;

    @ServerRequestFilter(preMatching = true)
    public void checkDeclaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("Content-Length is not a number");
            }
        }
    }

    /**
     * Counts a body sent without a {@code Content-Length} while it is read. Runs once the body is read where the
     * endpoint reads it ahead ({@code readBody}: a non-blocking endpoint's body is in memory by then), so the
     * count wraps what the endpoint will read, never the connection itself on an event loop.
     */
    @ServerRequestFilter(readBody = true)
    public void countUndeclaredLength(ContainerRequestContext request) {
        // a body without a length: chunked (HTTP/1.1), or any typed body over HTTP/2
        if (request.getHeaderString(HttpHeaders.CONTENT_LENGTH) == null
                && (request.getHeaderString(TRANSFER_ENCODING) != null || request.hasEntity())) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), maxBytes));
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than " + maxBytes / 1024 + " KiB");
    }

    private final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw tooLarge();
            }
        }
    }
}
