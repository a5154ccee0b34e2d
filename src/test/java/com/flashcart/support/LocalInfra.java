package com.flashcart.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
/** Direct handles on the local infrastructure that ./flashcart started, for tests that inject faults. */
public final class LocalInfra {

    private LocalInfra() {
    }

    public static Path stateDir() {
        String dir = System.getenv("FLASHCART_STATE_DIR");
        return dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().resolve(".state");
    }

    /** Runs SQL as root on the replica (over its socket). */
    public static String replicaSql(String sql) {
        return sql("replica", sql, false);
    }

    public static String primarySql(String sql) {
        return sql("primary", sql, false);
    }

    /** Stops applying replicated changes on the replica (it keeps receiving them), as a lagging replica would. */
    public static void pauseReplication() {
        replicaSql("STOP SLAVE SQL_THREAD");
    }

    public static void resumeReplication() {
        replicaSql("START SLAVE SQL_THREAD");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> sql("replica", "SHOW SLAVE STATUS\\G", true).contains("Slave_SQL_Running: Yes"));
    }

    /** The local Redis's plain port. */
    public static final String REDIS_PORT = System.getenv().getOrDefault("FLASHCART_REDIS_PORT", "16379");

    /**
     * A redis-cli command against a Redis on this machine (the local one is {@link #REDIS_PORT}), in logical database
     * {@code db}: its output, trimmed. Fails when redis-cli does (no server there, say).
     */
    public static String redis(String port, String db, String... command) {
        return redisCli(List.of("-h", "127.0.0.1", "-p", port, "-n", db), command);
    }

    /** A redis-cli command with these connection options ({@code -h}, {@code -p}, {@code --tls}, ...), as above. */
    public static String redisCli(List<String> options, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli"));
        line.addAll(options);
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + command[0] + " " + options + " failed: " + out);
            }
            return out.trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** FLUSHDB on one of the tests' own Redis databases of the local Redis (never 0: the topology's). */
    public static void flushRedis(String db) {
        if ("0".equals(db)) {
            throw new IllegalStateException("Refusing to flush Redis database 0 (the local topology's)");
        }
        String out = redis(REDIS_PORT, db, "FLUSHDB");
        if (!"OK".equals(out)) {
            throw new IllegalStateException("Could not empty the test Redis database " + db + ": " + out);
        }
    }

    private static String sql(String role, String sql, boolean columnNames) {
        try {
            Process p = new ProcessBuilder("mariadb", "--no-defaults", "--protocol=socket",
                    "--socket=" + stateDir().resolve("mariadb-" + role).resolve("mysqld.sock"), "-uroot",
                    columnNames ? "--column-names" : "--skip-column-names", "-e", sql)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("SQL on " + role + " failed: " + out);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
