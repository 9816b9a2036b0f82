package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.policy.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AttemptBlockCodecTest {
    @Test
    void everyFieldComesBackExactlyAtItsExtremes() {
        List<AttemptRecord> attempts = new ArrayList<>();
        int index = 0;
        for (String text : Fixtures.AWKWARD_STRINGS) {
            attempts.add(new AttemptRecord("c1", index, 3, index % 5, text, text, "CANCELLED by " + text, -1, 255,
                    OptionalLong.of(Long.MAX_VALUE), OptionalLong.of(5L << 40), Optional.of(text),
                    Optional.of(Instant.MIN), Optional.of(Instant.MAX), OptionalInt.of(Integer.MIN_VALUE),
                    Optional.of(text), Optional.of(text), Outcome.values()[index % Outcome.values().length], text));
            index += 1 + index;
        }
        attempts.add(new AttemptRecord("c1", Integer.MAX_VALUE, 3, -7, "1_2", "NODE_FAIL", "NODE_FAIL",
                Integer.MIN_VALUE, Integer.MAX_VALUE, OptionalLong.of(Long.MIN_VALUE), OptionalLong.empty(),
                Optional.empty(), Optional.of(Fixtures.T0), Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Outcome.RETRY_SAME_LEVEL, ""));

        assertThat(roundTrip(attempts)).containsExactlyElementsOf(attempts);
    }

    @Property(tries = 200)
    void anyBlockOfAttemptsRoundTrips(@ForAll("blocks") List<AttemptRecord> attempts) {
        assertThat(roundTrip(attempts)).containsExactlyElementsOf(attempts);
    }

    @Test
    void aBlockOfTypicalAttemptsTakesAFewBytesEach() {
        List<AttemptRecord> attempts = IntStream.range(0, AttemptBlockCodec.MAX_ATTEMPTS)
                .mapToObj(i -> new AttemptRecord("c1", 2 * i, 1, 0, "8000000_" + 2 * i, "COMPLETED", "COMPLETED", 0,
                        0, OptionalLong.of(60 + i % 7), OptionalLong.of(900_000_000L + i * 4096L),
                        Optional.of("node" + i % 8), Optional.of(Fixtures.T0.plusSeconds(i / 10)),
                        Optional.of(Fixtures.T0.plusSeconds(60 + i / 10)), OptionalInt.of(1), Optional.of("COMPLETED"),
                        Optional.of("0:0"), Outcome.COMPLETED, "completed"))
                .toList();

        byte[] block = AttemptBlockCodec.encode(attempts);

        // Each task's job id is a string of its own (about 15 bytes); the rest are varints of a few bytes at most
        // and string numbers of one or two: 48 bytes an attempt when written.
        assertThat(block.length / attempts.size()).as("bytes per attempt").isLessThan(64);
        assertThat(roundTrip(attempts)).containsExactlyElementsOf(attempts);
    }

    @Test
    void aDamagedBlockIsReportedAsCorruptNotMisread() {
        byte[] block = AttemptBlockCodec.encode(List.of(Fixtures.attempt("c1", 4, 1, Outcome.ESCALATE)));

        assertThatThrownBy(() -> AttemptBlockCodec.decode("c1", 1, Arrays.copyOf(block, block.length - 1)))
                .isInstanceOf(StoreException.class).hasMessageContaining("corrupt block");
        byte[] longer = Arrays.copyOf(block, block.length + 1);
        assertThatThrownBy(() -> AttemptBlockCodec.decode("c1", 1, longer))
                .isInstanceOf(StoreException.class).hasMessageContaining("bytes after the last column");
        byte[] otherFormat = block.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> AttemptBlockCodec.decode("c1", 1, otherFormat))
                .isInstanceOf(StoreException.class).hasMessageContaining("format 9");
    }

    private static List<AttemptRecord> roundTrip(List<AttemptRecord> attempts) {
        AttemptRecord first = attempts.get(0);
        AttemptBlock block = AttemptBlockCodec.decode(first.chainId(), first.round(),
                AttemptBlockCodec.encode(attempts));
        assertThat(AttemptBlockCodec.indices(AttemptBlockCodec.encode(attempts)))
                .containsExactly(attempts.stream().mapToInt(AttemptRecord::index).toArray());
        return IntStream.range(0, block.size).mapToObj(block::record).toList();
    }

    @Provide
    Arbitrary<List<AttemptRecord>> blocks() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(Fixtures.AWKWARD_STRINGS),
                Arbitraries.strings().all().ofMaxLength(40));
        Arbitrary<Optional<String>> optionalText = text.optional(0.7);
        Arbitrary<OptionalLong> optionalLong = Arbitraries.longs().optional(0.8)
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        Arbitrary<Optional<Instant>> instant = Arbitraries.longs().between(Instant.MIN.getEpochSecond(),
                        Instant.MAX.getEpochSecond())
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)))
                .optional(0.8);
        Arbitrary<Integer> anyInt = Arbitraries.integers();
        Arbitrary<AttemptRecord> attempt = Combinators.combine(
                        Combinators.combine(anyInt, text, text, text, anyInt, anyInt, optionalLong, optionalLong)
                                .as(Head::new),
                        Combinators.combine(optionalText, instant, instant,
                                anyInt.optional(0.8).map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty())),
                                optionalText, optionalText, Arbitraries.of(Outcome.class), text).as(Tail::new))
                .as((h, t) -> new AttemptRecord("c", 0, 1, h.level, h.jobId, h.state, h.rawState, h.exitCode,
                        h.signal, h.elapsed, h.maxRss, t.node, t.start, t.end, t.cpus, t.batchState, t.batchExit,
                        t.outcome, t.reason));
        Arbitrary<Integer> gap = Arbitraries.integers().between(1, 100_000);
        return Combinators.combine(attempt.list().ofMinSize(1).ofMaxSize(60), gap.list().ofSize(60),
                        Arbitraries.integers().between(0, 1_000_000))
                .as((list, gaps, start) -> {
                    List<AttemptRecord> ordered = new ArrayList<>();
                    int index = start;
                    for (int i = 0; i < list.size(); i++) {
                        AttemptRecord a = list.get(i);
                        ordered.add(new AttemptRecord(a.chainId(), index, a.round(), a.level(), a.slurmJobId(),
                                a.state(), a.rawState(), a.exitCode(), a.signal(), a.elapsedSeconds(),
                                a.maxRssBytes(), a.node(), a.start(), a.end(), a.allocCpus(), a.batchState(),
                                a.batchExitCode(), a.outcome(), a.reason()));
                        index += gaps.get(i);
                    }
                    return ordered;
                });
    }

    private record Head(int level, String jobId, String state, String rawState, int exitCode, int signal,
            OptionalLong elapsed, OptionalLong maxRss) {
    }

    private record Tail(Optional<String> node, Optional<Instant> start, Optional<Instant> end, OptionalInt cpus,
            Optional<String> batchState, Optional<String> batchExit, Outcome outcome, String reason) {
    }
}
