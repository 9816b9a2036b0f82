package dev.memescalate.store;

/**
 * What the two block tables ({@code attempt_blocks}, {@code outcome_blocks}) share in how their rows are written and
 * read back: a block's group, the newest row, and a block's bytes by rowid.
 */
final class BlockRows {
    private BlockRows() {}

    /** The chain and round of a block: what a block's records share ({@link BlockBuffer}'s group). */
    record Group(String chainId, int round) {
    }

    /**
     * Hands out one {@link Group} object for consecutive records of the same chain and round (a round's records come
     * together): the same object each time, so telling blocks apart costs no object and no hash per record.
     */
    static final class Groups {
        private Group last;

        Group of(String chainId, int round) {
            if (last == null || last.round() != round || !last.chainId().equals(chainId)) {
                last = new Group(chainId, round);
            }
            return last;
        }
    }

    /** The largest rowid of {@code table}, 0 when empty: the rows stored before a call are those at or below it. */
    static long maxRowid(Sql sql, String table) {
        long[] max = {0};
        sql.forEach("SELECT coalesce(max(rowid), 0) FROM " + table, rs -> max[0] = rs.getLong(1));
        return max[0];
    }

    /**
     * The bytes of the block at {@code rowid}, read with {@code load} ({@code SELECT data FROM ... WHERE rowid = ?}).
     *
     * @param what the records a block holds, for the message when the row is gone
     */
    static byte[] data(Sql.Prepared load, long rowid, String what) {
        byte[][] data = {null};
        load.forEach(rs -> data[0] = rs.getBytes(1), rowid);
        if (data[0] == null) {
            throw new StoreException("a block of " + what + " vanished while it was read (rowid " + rowid + ")");
        }
        return data[0];
    }
}
