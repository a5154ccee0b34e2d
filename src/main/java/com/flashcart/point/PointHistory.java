package com.flashcart.point;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.db.ReadSource;
import com.flashcart.common.http.Cursor;
import com.flashcart.point.read.LedgerView;

/** A user's ledger, newest first, in cursor pages; from the replica with read-your-writes (ReadSource). */
@ApplicationScoped
public class PointHistory {

    @Inject
    ReadSource reads;

    /** One ledger row (shared/API.md: {@code GET /api/v1/me/points/history}). */
    public record Item(long id, String type, long amount, long balanceAfter, Long orderId, Instant createdAt) {
        static Item of(LedgerView row) {
            return new Item(row.id, row.type, row.amount, row.balanceAfter, row.orderId, row.createdAt);
        }
    }

    public record Page(List<Item> items, String nextCursor) {
    }

    public Page page(long userId, int size, String cursor) {
        long before = Cursor.below("points", cursor);
        List<LedgerView> rows = reads.forUser(userId)
                .createSelectionQuery("from LedgerView where userId = :user and id < :before order by id desc",
                        LedgerView.class)
                .setParameter("user", userId)
                .setParameter("before", before)
                .setMaxResults(size + 1)
                .getResultList();
        if (rows.size() <= size) {
            return new Page(rows.stream().map(Item::of).toList(), null);
        }
        List<LedgerView> page = rows.subList(0, size);
        return new Page(page.stream().map(Item::of).toList(), Cursor.after("points", page.get(size - 1).id));
    }
}
