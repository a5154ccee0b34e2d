package com.flashcart.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
