-- Emails are stored in their canonical form (session/Emails: trimmed, NFKC, lower-cased) and compared byte for
-- byte. Under the accent-insensitive utf8mb4_unicode_ci, "alicé@x" found alice's account while the login throttle
-- counted the two strings apart, so a look-alike slipped past a locked account.
ALTER TABLE app_user MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
