package dev.memescalate.store;

import dev.memescalate.policy.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One stored block of attempts ({@code attempt_blocks.data}): up to {@link #MAX_ATTEMPTS} attempts of one round of
 * one chain, in ascending index order. The chain id and the round are the row's columns, not in the block.
 *
 * <p>Why blocks: SQLite's cost is per stored row (inserting a million attempt rows took 10-17 s, however tuned; a
 * million binary blocks' worth of bytes takes a fraction of a second), and a view reads a chain's attempts in
 * order anyway. The layout, column by column (all attempts' first field, then all their second, ...), so that
 * repeating values sit together:
 * <pre>
 *   byte    format, 1
 *   varint  n, the number of attempts (1 or more)
 *   table   the block's strings: varint count, then each string (see {@link BlockBytes})
 *   n x     index: the first as it is, then each one's difference from the one before (ascending: >= 1)
 *   n x     level (zigzag)
 *   n x     slurm job id (string number)
 *   n x     state (string number)
 *   n x     raw state (string number; the same number as the state when they are equal)
 *   n x     exit code (zigzag)
 *   n x     signal (zigzag)
 *   n x     elapsed seconds: 0 when absent, else 1 and the value (zigzag)
 *   n x     MaxRSS bytes: as elapsed seconds
 *   n x     node: 0 when absent, else 1 + its string number
 *   n x     start: 0 when absent, else 1, the epoch second's difference from the column's previous present value
 *           (from 0; zigzag, wrapping: exact for any Instant), and the nanoseconds (0..999,999,999)
 *   n x     end: as start
 *   n x     allocated CPUs: as elapsed seconds
 *   n x     batch state: as node
 *   n x     batch exit code: as node
 *   n x     outcome: the string number of its name (by name, as the row tables stored enums)
 *   n x     reason (string number)
 * </pre>
 * Varints and zigzag as {@link BlockBytes} writes them. A new field means a new format number, read beside this one.
 */
final class AttemptBlockCodec {
    static final int FORMAT = 1;
    /** Attempts per block: a few thousand keep a decoded block small (about 1 MB) and a million attempts in 245. */
    static final int MAX_ATTEMPTS = 4096;

    private AttemptBlockCodec() {}

    /** Encodes attempts of one chain and round, in strictly ascending index order. */
    static byte[] encode(List<AttemptRecord> attempts) {
        int n = attempts.size();
        StringTable strings = new StringTable();
        int[] jobIds = new int[n];
        int[] states = new int[n];
        int[] rawStates = new int[n];
        int[] nodes = new int[n];
        int[] batchStates = new int[n];
        int[] batchExitCodes = new int[n];
        int[] outcomes = new int[n];
        int[] reasons = new int[n];
        LastRef jobId = new LastRef(strings);
        LastRef state = new LastRef(strings);
        LastRef node = new LastRef(strings);
        LastRef batchState = new LastRef(strings);
        LastRef batchExitCode = new LastRef(strings);
        LastRef outcome = new LastRef(strings);
        LastRef reason = new LastRef(strings);
        for (int i = 0; i < n; i++) {
            AttemptRecord a = attempts.get(i);
            jobIds[i] = jobId.ref(a.slurmJobId());
            states[i] = state.ref(a.state());
            rawStates[i] = a.rawState().equals(a.state()) ? states[i] : strings.ref(a.rawState());
            nodes[i] = node.optionalRef(a.node());
            batchStates[i] = batchState.optionalRef(a.batchState());
            batchExitCodes[i] = batchExitCode.optionalRef(a.batchExitCode());
            outcomes[i] = outcome.ref(a.outcome().name());
            reasons[i] = reason.ref(a.reason());
        }

        BlockBytes.Out out = new BlockBytes.Out(64 + 24 * n);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = attempts.get(i).index();
        }
        BlockHeader.write(out, FORMAT, strings, indices);
        for (AttemptRecord a : attempts) {
            out.zigzag(a.level());
        }
        refs(out, jobIds);
        refs(out, states);
        refs(out, rawStates);
        for (AttemptRecord a : attempts) {
            out.zigzag(a.exitCode());
        }
        for (AttemptRecord a : attempts) {
            out.zigzag(a.signal());
        }
        for (AttemptRecord a : attempts) {
            optional(out, a.elapsedSeconds());
        }
        for (AttemptRecord a : attempts) {
            optional(out, a.maxRssBytes());
        }
        refs(out, nodes);
        InstantColumn starts = new InstantColumn();
        for (AttemptRecord a : attempts) {
            starts.write(out, a.start());
        }
        InstantColumn ends = new InstantColumn();
        for (AttemptRecord a : attempts) {
            ends.write(out, a.end());
        }
        for (AttemptRecord a : attempts) {
            if (a.allocCpus().isPresent()) {
                out.varint(1);
                out.zigzag(a.allocCpus().getAsInt());
            } else {
                out.varint(0);
            }
        }
        refs(out, batchStates);
        refs(out, batchExitCodes);
        refs(out, outcomes);
        refs(out, reasons);
        return out.toByteArray();
    }

    private static void refs(BlockBytes.Out out, int[] refs) {
        for (int ref : refs) {
            out.varint(ref);
        }
    }

    private static void optional(BlockBytes.Out out, OptionalLong value) {
        if (value.isPresent()) {
            out.varint(1);
            out.zigzag(value.getAsLong());
        } else {
            out.varint(0);
        }
    }

    /** A column's string numbers, skipping the table's look-up when a value repeats the one before (the usual). */
    private static final class LastRef {
        private final StringTable strings;
        private String last;
        private int lastRef;

        LastRef(StringTable strings) {
            this.strings = strings;
        }

        int ref(String text) {
            if (!text.equals(last)) {
                last = text;
                lastRef = strings.ref(text);
            }
            return lastRef;
        }

        /** 0 for absent, 1 + the string number otherwise. */
        int optionalRef(Optional<String> text) {
            return text.isPresent() ? 1 + ref(text.get()) : 0;
        }
    }

    /** Instants as differences from the column's previous one: a round's tasks start and end close together. */
    private static final class InstantColumn {
        private long previousSecond;

        void write(BlockBytes.Out out, Optional<Instant> value) {
            if (value.isEmpty()) {
                out.varint(0);
                return;
            }
            long second = value.get().getEpochSecond();
            out.varint(1);
            out.zigzag(second - previousSecond); // wraps for far-apart instants, and unwraps the same way when read
            out.varint(value.get().getNano());
            previousSecond = second;
        }

        Optional<Instant> read(BlockBytes.In in) {
            if (presence(in) == 0) {
                return Optional.empty();
            }
            long second = previousSecond + in.zigzag();
            long nanos = in.varint();
            if (nanos < 0 || nanos > 999_999_999) {
                throw BlockBytes.In.corrupt("nanoseconds " + nanos);
            }
            previousSecond = second;
            return Optional.of(Instant.ofEpochSecond(second, nanos));
        }
    }

    /** Only the indices of a block (its first column): what the check for a second attempt needs. */
    static int[] indices(byte[] data) {
        return BlockHeader.read(data, FORMAT, "attempt").indices();
    }

    /** Decodes a block of chain {@code chainId}'s round {@code round}. */
    static AttemptBlock decode(String chainId, int round, byte[] data) {
        BlockHeader header = BlockHeader.read(data, FORMAT, "attempt");
        BlockBytes.In in = header.rest();
        String[] strings = header.strings();
        int n = header.indices().length;
        AttemptBlock b = new AttemptBlock(chainId, round, header.indices());
        for (int i = 0; i < n; i++) {
            b.levels[i] = in.zigzagInt();
        }
        for (int i = 0; i < n; i++) {
            b.jobIds[i] = StringTable.at(strings, in.varintInt());
        }
        for (int i = 0; i < n; i++) {
            b.states[i] = StringTable.at(strings, in.varintInt());
        }
        for (int i = 0; i < n; i++) {
            b.rawStates[i] = StringTable.at(strings, in.varintInt());
        }
        for (int i = 0; i < n; i++) {
            b.exitCodes[i] = in.zigzagInt();
        }
        for (int i = 0; i < n; i++) {
            b.signals[i] = in.zigzagInt();
        }
        for (int i = 0; i < n; i++) {
            b.elapsed[i] = optionalLong(in);
        }
        for (int i = 0; i < n; i++) {
            b.maxRss[i] = optionalLong(in);
        }
        for (int i = 0; i < n; i++) {
            b.nodes[i] = optionalString(in, strings);
        }
        InstantColumn starts = new InstantColumn();
        for (int i = 0; i < n; i++) {
            b.starts[i] = starts.read(in);
        }
        InstantColumn ends = new InstantColumn();
        for (int i = 0; i < n; i++) {
            b.ends[i] = ends.read(in);
        }
        for (int i = 0; i < n; i++) {
            b.allocCpus[i] = presence(in) == 0 ? OptionalInt.empty() : OptionalInt.of(in.zigzagInt());
        }
        for (int i = 0; i < n; i++) {
            b.batchStates[i] = optionalString(in, strings);
        }
        for (int i = 0; i < n; i++) {
            b.batchExitCodes[i] = optionalString(in, strings);
        }
        for (int i = 0; i < n; i++) {
            String name = StringTable.at(strings, in.varintInt());
            try {
                b.outcomes[i] = Outcome.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw BlockBytes.In.corrupt("unknown outcome " + name);
            }
        }
        for (int i = 0; i < n; i++) {
            b.reasons[i] = StringTable.at(strings, in.varintInt());
        }
        if (!in.atEnd()) {
            throw BlockBytes.In.corrupt("bytes after the last column");
        }
        return b;
    }

    private static int presence(BlockBytes.In in) {
        long flag = in.varint();
        if (flag != 0 && flag != 1) {
            throw BlockBytes.In.corrupt("presence flag " + flag);
        }
        return (int) flag;
    }

    private static OptionalLong optionalLong(BlockBytes.In in) {
        return presence(in) == 0 ? OptionalLong.empty() : OptionalLong.of(in.zigzag());
    }

    private static Optional<String> optionalString(BlockBytes.In in, String[] strings) {
        int ref = in.varintInt();
        return ref == 0 ? Optional.empty() : Optional.of(StringTable.at(strings, ref - 1));
    }
}
