package com.flashcart.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own, on a free port of this machine, for what the shared local Redis must not be put
 * through (made a replica, given a password). Nothing is saved; {@link #close()} stops it.
 */
public final class OwnRedis implements AutoCloseable {

    /** The port it answers on (plain, or TLS when started with {@link #overTls}). */
    public final int port;
    private final boolean tls;
    private final Process process;

    private OwnRedis(int port, List<String> options, boolean tls) {
        this.port = port;
        this.tls = tls;
        List<String> line = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no"));
        line.addAll(tls ? List.of("--port", "0", "--tls-port", String.valueOf(port)) : List.of("--port", String.valueOf(port)));
        line.addAll(options);
        try {
            process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain Redis with these extra redis-server options, answering PING when this returns. */
    public static OwnRedis plain(String... options) {
        OwnRedis redis = new OwnRedis(PortForward.freePort(), List.of(options), false);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> "PONG".equals(redis.cli("PING")));
        return redis;
    }

    /**
     * A Redis that speaks TLS only, with the local Redis's certificate (for the name "localhost", from the state
     * folder's CA: scripts/redis.sh) and these extra options; listening when this returns.
     */
    public static OwnRedis overTls(String... options) {
        String tls = LocalInfra.stateDir().resolve("redis-tls").toString();
        List<String> all = new ArrayList<>(List.of("--tls-cert-file", tls + "/server.pem", "--tls-key-file",
                tls + "/server.key", "--tls-ca-cert-file", tls + "/ca.pem", "--tls-auth-clients", "no"));
        all.addAll(List.of(options));
        OwnRedis redis = new OwnRedis(PortForward.freePort(), all, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", redis.port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return redis;
    }

    /** A redis-cli command against it (over TLS, trusting the local CA, when it speaks TLS), without AUTH. */
    public String cli(String... command) {
        // the certificate names "localhost"; the server listens on 127.0.0.1
        List<String> options = new ArrayList<>(List.of("-h", tls ? "localhost" : "127.0.0.1", "-p", String.valueOf(port)));
        if (tls) {
            options.addAll(List.of("--tls", "--cacert", LocalInfra.stateDir().resolve("redis-tls/ca.pem").toString()));
        }
        return LocalInfra.redisCli(options, command);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
