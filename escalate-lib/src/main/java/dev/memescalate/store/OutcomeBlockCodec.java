package dev.memescalate.store;

import java.util.List;

/**
 * One stored block of final outcomes ({@code outcome_blocks.data}): up to {@link #MAX_OUTCOMES} outcomes settled by
 * one round of one chain, in ascending index order; the chain id, the round and the count of each outcome are the
 * row's columns (counts are summed without reading a block). Why blocks, and the encodings: see
 * {@link AttemptBlockCodec} and {@link BlockBytes}. The layout, column by column:
 * <pre>
 *   byte    format, 1
 *   varint  n, the number of outcomes (1 or more)
 *   table   the block's strings: varint count, then each string
 *   n x     index: the first as it is, then each one's difference from the one before (>= 1)
 *   n x     outcome: the string number of its name
 *   n x     level (zigzag)
 *   n x     reason (string number)
 * </pre>
 */
final class OutcomeBlockCodec {
    static final int FORMAT = 1;
    static final int MAX_OUTCOMES = 4096;

    private OutcomeBlockCodec() {}

    /** Encodes outcomes of one chain and round, in strictly ascending index order. */
    static byte[] encode(List<TaskOutcomeRecord> outcomes) {
        int n = outcomes.size();
        StringTable strings = new StringTable();
        int[] names = new int[n];
        int[] reasons = new int[n];
        for (int i = 0; i < n; i++) {
            TaskOutcomeRecord o = outcomes.get(i);
            names[i] = strings.ref(o.outcome().name());
            reasons[i] = strings.ref(o.reason());
        }
        BlockBytes.Out out = new BlockBytes.Out(32 + 6 * n);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = outcomes.get(i).index();
        }
        BlockHeader.write(out, FORMAT, strings, indices);
        for (int ref : names) {
            out.varint(ref);
        }
        for (TaskOutcomeRecord o : outcomes) {
            out.zigzag(o.level());
        }
        for (int ref : reasons) {
            out.varint(ref);
        }
        return out.toByteArray();
    }

    /** Decodes a block of chain {@code chainId}'s round {@code round}. */
    static OutcomeBlock decode(String chainId, int round, byte[] data) {
        BlockHeader header = BlockHeader.read(data, FORMAT, "outcome");
        BlockBytes.In in = header.rest();
        String[] strings = header.strings();
        int n = header.indices().length;
        OutcomeBlock b = new OutcomeBlock(chainId, round, header.indices());
        for (int i = 0; i < n; i++) {
            String name = StringTable.at(strings, in.varintInt());
            try {
                b.outcomes[i] = FinalOutcome.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw BlockBytes.In.corrupt("unknown final outcome " + name);
            }
        }
        for (int i = 0; i < n; i++) {
            b.levels[i] = in.zigzagInt();
        }
        for (int i = 0; i < n; i++) {
            b.reasons[i] = StringTable.at(strings, in.varintInt());
        }
        if (!in.atEnd()) {
            throw BlockBytes.In.corrupt("bytes after the last column");
        }
        return b;
    }

    /** Only the indices of a block (its first column): what the check for a second outcome needs. */
    static int[] indices(byte[] data) {
        return BlockHeader.read(data, FORMAT, "outcome").indices();
    }
}
