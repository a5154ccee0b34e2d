package com.flashcart.ranking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;

/**
 * Units sold per product per Asia/Seoul calendar day, in Redis sorted sets ({@code fc:ranking:day:<date>}), fed
 * by the payment events. Each event counts once: a marker per event id and per (order, kind) is set in the same
 * script as the increment ({@code ranking-count.lua}), and a rebuild marks every order it counted.
 */
@ApplicationScoped
public class DailySales {

    /** Ranking days are Seoul's calendar days (UTC+9, no daylight saving). */
    public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** The widest window that can be asked for, in days. */
    public static final int MAX_DAYS = 30;

    static final String BUILT = "fc:ranking:built";
    static final String REBUILDING = "fc:ranking:rebuilding";

    private static final RedisScript COUNT = RedisScript.fromResource("redis/ranking-count.lua");

    /** One payment (units counted) or one cancellation of a paid order (units taken back). */
    public record Sale(String eventId, long orderId, boolean cancellation, Instant paidAt, Map<Long, Integer> units) {
    }

    /** What a count did. */
    public enum Counted {
        COUNTED, DUPLICATE, REBUILDING, NOT_BUILT
    }

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    RankingConfig config;

    /** Counts the sale once; a REBUILDING or NOT_BUILT answer counted nothing and asks the caller to come back. */
    public Counted count(Sale sale) {
        LocalDate day = LocalDate.ofInstant(sale.paidAt(), SEOUL);
        List<String> args = new ArrayList<>();
        args.add(Long.toString(config.seenTtl().toSeconds()));
        args.add(Long.toString(config.dayTtl().toSeconds()));
        sale.units().forEach((product, units) -> {
            args.add(Long.toString(product));
            args.add(Integer.toString(sale.cancellation() ? -units : units));
        });
        long answer = COUNT.call(eventLoopRedis, List.of(BUILT, REBUILDING, "fc:ranking:seen:" + sale.eventId(),
                orderMarker(sale.orderId(), sale.cancellation()), dayKey(day)), args)
                .await().atMost(config.redisTimeout()).toLong();
        return switch ((int) answer) {
            case 1 -> Counted.COUNTED;
            case 0 -> Counted.DUPLICATE;
            case -1 -> Counted.REBUILDING;
            case -2 -> Counted.NOT_BUILT;
            default -> throw new IllegalStateException("Unexpected answer from the ranking script: " + answer);
        };
    }

    static String dayKey(LocalDate day) {
        return "fc:ranking:day:" + day;
    }

    static String orderMarker(long orderId, boolean cancellation) {
        return "fc:ranking:order:" + orderId + (cancellation ? ":cancelled" : ":paid");
    }
}
