package com.flashcart.point;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.db.ReadSource;
import com.flashcart.common.error.ProblemException;
import com.flashcart.point.read.LedgerView;

/** A user's ledger, newest first, in cursor pages; from the replica with read-your-writes (ReadSource). */
@ApplicationScoped
public class PointHistory {

    @Inject
    ReadSource reads;

    public record Page(List<LedgerView> items, String nextCursor) {
    }

    public Page page(long userId, int size, String cursor) {
        long before = cursor == null ? Long.MAX_VALUE : decode(cursor);
        List<LedgerView> rows = reads.forUser(userId)
                .createSelectionQuery("from LedgerView where userId = :user and id < :before order by id desc",
                        LedgerView.class)
                .setParameter("user", userId)
                .setParameter("before", before)
                .setMaxResults(size + 1)
                .getResultList();
        if (rows.size() <= size) {
            return new Page(rows, null);
        }
        List<LedgerView> page = rows.subList(0, size);
        return new Page(page, encode(page.get(size - 1).id));
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("l:" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith("l:")) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(text.substring(2));
            if (id <= 0) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("The cursor is not one this service gave out");
        }
    }
}
