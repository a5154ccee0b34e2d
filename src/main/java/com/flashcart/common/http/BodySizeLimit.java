package com.flashcart.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * Enforces the contract's 64 KiB cap on request bodies with a problem+json 413: at once from
 * {@code Content-Length}, and while reading for bodies sent without one (chunked).
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

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

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new LimitedInputStream(context.getInputStream(), maxBytes));
        return context.proceed();
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
