package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Sample records for store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00.123456789Z");

    /** Arguments a shell would mangle; the store must keep every one byte for byte. */
    static final List<String> AWKWARD_STRINGS = List.of(
            "plain", "two words", "", " ", "'single'", "\"double\"", "$(touch /tmp/pwned)", "`id`", "a;b", "x && y",
            "line1\nline2", "tab\there", "back\\slash", "ünïcødé ✓ 日本", "emoji 🚀", "nul\u0000char",
            "lone surrogate \uD800", "{\"json\": [1]}", "--array=0-9%2", "%A_%a");

    private Fixtures() {}

    static ChainRecord chain(String id) {
        return new ChainRecord(id, T0, ChainStatus.SUBMITTING, Optional.empty(), Path.of("dir with space/run $1.sh"),
                Path.of("/home/u/.mem-escalate/chains/" + id + "/script.sh"), AWKWARD_STRINGS,
                List.of("ALL", "FOO=a b;c", "BAR=$(x)"), "0-99%10", OptionalInt.of(10), "my job",
                "logs/%x_%A_%a.out", "logs/%x_%A_%a.err", "levels:\n  - mem: 1G\n    time: '00:10:00'\n",
                Optional.of(Path.of("/etc/mem-escalate/ladder.yaml")), 0, 3, Path.of("/work/proj"),
                Path.of("/home/u/.mem-escalate/chains/" + id), "login01", "alice");
    }

    static RoundRecord round(String chainId, int number, IndexSet indices) {
        return RoundRecord.planned(chainId, number, 0, indices,
                number == 1 ? OptionalInt.empty() : OptionalInt.of(number - 1),
                number == 1 ? RoundKind.INITIAL : RoundKind.ESCALATE, T0.plusSeconds(number), List.of());
    }

    static JobRecord arrayJob(String chainId, int round, int part) {
        return JobRecord.intended(new JobKey(chainId, round, JobRole.ARRAY, part), "my job",
                List.of("sbatch", "--parsable", "--array=0-9", "--job-name=my job", "run $1.sh", "a;b"),
                Optional.of(IndexSet.range(0, 9)), Optional.of("0-9"), T0);
    }

    static AttemptRecord attempt(String chainId, int index, int round, Outcome outcome) {
        return new AttemptRecord(chainId, index, round, 0, "1234_" + index, "OUT_OF_MEMORY", "OUT_OF_MEMORY", 0, 9,
                OptionalLong.of(61), OptionalLong.of(1_073_741_824L), Optional.of("node-" + (index % 4)),
                Optional.of(T0), Optional.of(T0.plusSeconds(61)), OptionalInt.of(2), Optional.of("OUT_OF_MEMORY"),
                Optional.of("0:125"), outcome, "MaxRSS at the limit");
    }

    static TaskOutcomeRecord outcome(String chainId, int index, FinalOutcome outcome) {
        return new TaskOutcomeRecord(chainId, index, outcome, 1, 0, "ended " + outcome);
    }

    /** A store file with one chain and its first round over {@code indices}. */
    static void seed(ChainStore store, String chainId, IndexSet indices) {
        store.write(tx -> {
            tx.chains().insert(chain(chainId));
            tx.rounds().insert(round(chainId, 1, indices));
            return null;
        });
    }
}
