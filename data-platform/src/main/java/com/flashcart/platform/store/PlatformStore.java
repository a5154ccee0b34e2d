package com.flashcart.platform.store;

import com.flashcart.platform.PlatformConfig;
import com.flashcart.platform.ingest.EventParser;
import com.flashcart.platform.ingest.MalformedEventException;
import com.flashcart.platform.ingest.PlatformEvent;
import com.flashcart.platform.ingest.PlatformEvent.Item;
import com.flashcart.platform.ingest.PlatformEvent.OrderCancelled;
import com.flashcart.platform.ingest.PlatformEvent.PaymentCompleted;
import com.flashcart.platform.store.PlatformStats.MinuteFigures;
import com.flashcart.platform.store.PlatformStats.ProductQuantity;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's own schema. Exactly-once effect: an event row keyed by eventId and the aggregate updates it
 * causes commit in one transaction, so a redelivered event fails on the primary key and changes nothing but
 * the duplicates counter.
 */
public final class PlatformStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformStore.class);
    private static final int DUPLICATE_KEY = 1062;
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:[a-z]+://[^/?]+)/([A-Za-z0-9_$]+)(.*)$");

    private final HikariDataSource dataSource;
    private final String event;
    private final String totals;
    private final String minute;
    private final String product;
    private final String order;

    public PlatformStore(PlatformConfig config) throws SQLException {
        String p = config.tablePrefix();
        this.event = p + "event";
        this.totals = p + "totals";
        this.minute = p + "minute";
        this.product = p + "product";
        this.order = p + "order";
        createDatabaseIfMissing(config);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("platform-db");
        pool.setJdbcUrl(config.dbUrl());
        pool.setUsername(config.dbUser());
        pool.setPassword(config.dbPassword());
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(3_000);
        pool.setValidationTimeout(1_000);
        pool.addDataSourceProperty("connectTimeout", "2000");
        pool.addDataSourceProperty("socketTimeout", "30000");
        pool.addDataSourceProperty("cachePrepStmts", "true");
        pool.addDataSourceProperty("rewriteBatchedStatements", "true");
        this.dataSource = new HikariDataSource(pool);
        try {
            createTables();
        } catch (SQLException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The user may own the schema without it existing yet; connect to the server and create it. */
    private static void createDatabaseIfMissing(PlatformConfig config) throws SQLException {
        Matcher url = JDBC_URL.matcher(config.dbUrl());
        if (!url.matches()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url.group(1) + "/" + url.group(3),
                config.dbUser(), config.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + url.group(2) + "` CHARACTER SET utf8mb4");
        }
    }

    private void createTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS `" + event + "` ("
                    + " event_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " event_type VARCHAR(32) NOT NULL,"
                    + " order_id BIGINT NOT NULL,"
                    + " occurred_at DATETIME(3) NOT NULL,"
                    + " payload MEDIUMTEXT NOT NULL,"
                    + " received_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                    + " KEY ix_" + event + "_order (order_id, occurred_at)"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            s.execute("CREATE TABLE IF NOT EXISTS `" + totals + "` ("
                    + " id TINYINT NOT NULL PRIMARY KEY,"
                    + " events_received BIGINT NOT NULL DEFAULT 0,"
                    + " duplicates_dropped BIGINT NOT NULL DEFAULT 0,"
                    + " malformed BIGINT NOT NULL DEFAULT 0,"
                    + " paid_orders BIGINT NOT NULL DEFAULT 0,"
                    + " revenue BIGINT NOT NULL DEFAULT 0,"
                    + " refunds BIGINT NOT NULL DEFAULT 0"
                    + ") ENGINE=InnoDB");
            s.execute("INSERT IGNORE INTO `" + totals + "` (id) VALUES (1)");
            s.execute("CREATE TABLE IF NOT EXISTS `" + minute + "` ("
                    + " minute_utc DATETIME NOT NULL PRIMARY KEY,"
                    + " paid_orders BIGINT NOT NULL DEFAULT 0,"
                    + " revenue BIGINT NOT NULL DEFAULT 0,"
                    + " refunds BIGINT NOT NULL DEFAULT 0"
                    + ") ENGINE=InnoDB");
            s.execute("CREATE TABLE IF NOT EXISTS `" + product + "` ("
                    + " product_id BIGINT NOT NULL PRIMARY KEY,"
                    + " quantity BIGINT NOT NULL DEFAULT 0,"
                    + " KEY ix_" + product + "_quantity (quantity)"
                    + ") ENGINE=InnoDB");
            // Which payment and cancellation of an order were seen, whatever order the two topics deliver them in.
            s.execute("CREATE TABLE IF NOT EXISTS `" + order + "` ("
                    + " order_id BIGINT NOT NULL PRIMARY KEY,"
                    + " paid_event_id VARCHAR(64) NULL,"
                    + " cancelled_event_id VARCHAR(64) NULL"
                    + ") ENGINE=InnoDB");
        }
    }

    /**
     * Stores a batch of events and its aggregate effects in one transaction; rolls back and throws on any
     * database error, in which case nothing of the batch is visible.
     */
    public BatchOutcome apply(List<PlatformEvent> events, int malformed) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BatchOutcome outcome = applyIn(c, events, malformed);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private BatchOutcome applyIn(Connection c, List<PlatformEvent> events, int malformed) throws SQLException {
        Totals sum = new Totals();
        Map<LocalDateTime, long[]> minutes = new TreeMap<>();
        Map<Long, Long> products = new TreeMap<>();
        for (PlatformEvent e : events) {
            if (!insertEvent(c, e)) {
                sum.duplicates++;
                continue;
            }
            sum.stored++;
            long[] m = minutes.computeIfAbsent(minuteOf(e.occurredAt()), k -> new long[3]);
            if (e instanceof PaymentCompleted paid) {
                sum.paidOrders++;
                sum.revenue += paid.paidAmount();
                m[0]++;
                m[1] += paid.paidAmount();
                if (recordPayment(c, paid)) {
                    paid.items().forEach(i -> products.merge(i.productId(), i.quantity(), Long::sum));
                }
            } else if (e instanceof OrderCancelled cancelled) {
                sum.refunds += cancelled.refundedAmount();
                m[2] += cancelled.refundedAmount();
                recordCancellation(c, cancelled)
                        .forEach(i -> products.merge(i.productId(), -i.quantity(), Long::sum));
            }
        }
        addMinutes(c, minutes);
        addProducts(c, products);
        try (PreparedStatement s = c.prepareStatement("UPDATE `" + totals + "` SET"
                + " events_received = events_received + ?, duplicates_dropped = duplicates_dropped + ?,"
                + " malformed = malformed + ?, paid_orders = paid_orders + ?, revenue = revenue + ?,"
                + " refunds = refunds + ? WHERE id = 1")) {
            s.setLong(1, sum.stored);
            s.setLong(2, sum.duplicates);
            s.setLong(3, malformed);
            s.setLong(4, sum.paidOrders);
            s.setLong(5, sum.revenue);
            s.setLong(6, sum.refunds);
            if (s.executeUpdate() != 1) {
                throw new SQLException("totals row missing in " + totals);
            }
        }
        return new BatchOutcome(sum.stored, sum.duplicates, malformed);
    }

    /** False when the eventId is already stored; InnoDB rolls back only the failed statement, not the batch. */
    private boolean insertEvent(Connection c, PlatformEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO `" + event + "`"
                + " (event_id, event_type, order_id, occurred_at, payload) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, e.eventId());
            s.setString(2, e instanceof PaymentCompleted ? "PaymentCompleted" : "OrderCancelled");
            s.setLong(3, e.orderId());
            s.setObject(4, LocalDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
            s.setString(5, e.rawJson());
            s.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException dup) {
            if (dup.getErrorCode() == DUPLICATE_KEY) {
                return false;
            }
            throw dup;
        }
    }

    /** Locks the order's row; returns its payment and cancellation event ids. */
    private String[] lockOrder(Connection c, long orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO `" + order + "` (order_id) VALUES (?)")) {
            s.setLong(1, orderId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT paid_event_id, cancelled_event_id FROM `" + order
                + "` WHERE order_id = ? FOR UPDATE")) {
            s.setLong(1, orderId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new String[] {r.getString(1), r.getString(2)};
            }
        }
    }

    private void setOrderEvent(Connection c, long orderId, String column, String eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE `" + order + "` SET " + column + " = ?"
                + " WHERE order_id = ?")) {
            s.setString(1, eventId);
            s.setLong(2, orderId);
            s.executeUpdate();
        }
    }

    /** True when the payment's items count for top products: the first payment of an order not cancelled yet. */
    private boolean recordPayment(Connection c, PaymentCompleted paid) throws SQLException {
        String[] known = lockOrder(c, paid.orderId());
        if (known[0] != null) {
            LOG.warn("order {} has a second PaymentCompleted event {} (first {}); its items are not counted",
                    paid.orderId(), paid.eventId(), known[0]);
            return false;
        }
        setOrderEvent(c, paid.orderId(), "paid_event_id", paid.eventId());
        return known[1] == null;
    }

    /** The items to take back from top products: those of the order's payment, if it was seen and counted. */
    private List<Item> recordCancellation(Connection c, OrderCancelled cancelled) throws SQLException {
        String[] known = lockOrder(c, cancelled.orderId());
        if (known[1] != null) {
            return List.of();
        }
        setOrderEvent(c, cancelled.orderId(), "cancelled_event_id", cancelled.eventId());
        if (known[0] == null) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT payload FROM `" + event + "` WHERE event_id = ?")) {
            s.setString(1, known[0]);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? EventParser.itemsOf(r.getString(1)) : List.of();
            }
        } catch (MalformedEventException e) {
            throw new IllegalStateException("stored payment event " + known[0] + " no longer parses", e);
        }
    }

    private void addMinutes(Connection c, Map<LocalDateTime, long[]> minutes) throws SQLException {
        if (minutes.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO `" + minute + "`"
                + " (minute_utc, paid_orders, revenue, refunds) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " paid_orders = paid_orders + VALUES(paid_orders), revenue = revenue + VALUES(revenue),"
                + " refunds = refunds + VALUES(refunds)")) {
            for (Map.Entry<LocalDateTime, long[]> m : minutes.entrySet()) {
                s.setObject(1, m.getKey());
                s.setLong(2, m.getValue()[0]);
                s.setLong(3, m.getValue()[1]);
                s.setLong(4, m.getValue()[2]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void addProducts(Connection c, Map<Long, Long> products) throws SQLException {
        if (products.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO `" + product + "` (product_id, quantity)"
                + " VALUES (?, ?) ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)")) {
            for (Map.Entry<Long, Long> p : products.entrySet()) {
                s.setLong(1, p.getKey());
                s.setLong(2, p.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static LocalDateTime minuteOf(Instant occurredAt) {
        return LocalDateTime.ofInstant(occurredAt.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC);
    }

    /** The raw JSON of the distinct events of one order, oldest first. */
    public List<String> eventsOfOrder(long orderId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT payload FROM `" + event + "` WHERE order_id = ?"
                     + " ORDER BY occurred_at, event_type DESC, received_at, event_id")) {
            s.setLong(1, orderId);
            List<String> payloads = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    payloads.add(r.getString(1));
                }
            }
            return payloads;
        }
    }

    /** All figures read in one transaction, so totals and breakdowns agree. */
    public PlatformStats stats() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                return readStats(c);
            } finally {
                c.commit();
                c.setReadOnly(false);
            }
        }
    }

    private PlatformStats readStats(Connection c) throws SQLException {
        long[] t = new long[6];
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT events_received, duplicates_dropped, malformed, paid_orders,"
                     + " revenue, refunds FROM `" + totals + "` WHERE id = 1")) {
            if (r.next()) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = r.getLong(i + 1);
                }
            }
        }
        List<ProductQuantity> top = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT product_id, quantity FROM `" + product + "` WHERE quantity > 0"
                     + " ORDER BY quantity DESC, product_id LIMIT 10")) {
            while (r.next()) {
                top.add(new ProductQuantity(r.getLong(1), r.getLong(2)));
            }
        }
        List<MinuteFigures> perMinute = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT minute_utc, paid_orders, revenue, refunds FROM `" + minute + "`"
                     + " ORDER BY minute_utc DESC LIMIT 60")) {
            while (r.next()) {
                Instant at = r.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                perMinute.add(new MinuteFigures(at.toString(), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
        }
        Collections.reverse(perMinute);
        return new PlatformStats(t[0], t[1], t[2], t[3], t[4], t[5], top, perMinute);
    }

    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static final class Totals {
        int stored;
        int duplicates;
        long paidOrders;
        long revenue;
        long refunds;
    }
}
