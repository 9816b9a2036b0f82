package dev.memescalate.engine;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.StoreTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A round's share of the chain's throttle, computed again from the rounds table exactly as it was planned
 * ({@link SiblingThrottles}), so that the submitter chains a round's arrays by the same share its argv carries.
 * Its siblings are the rounds planned with it: the other children of its parent round, or, for an INITIAL round,
 * the other INITIAL rounds (numbered 1, 2, ... before any handler ran).
 */
final class SiblingRounds {
    private SiblingRounds() {
    }

    /** The share of {@code round}; empty, without reading anything, when the chain has no throttle. */
    static OptionalInt throttle(StoreTransaction tx, ChainRecord chain, RoundRecord round) {
        if (chain.throttle().isEmpty()) {
            return OptionalInt.empty();
        }
        List<RoundRecord> siblings = round.parentRound().isPresent()
                ? children(tx, chain.id(), round.parentRound().getAsInt())
                : initialRounds(tx, chain.id());
        List<Integer> numbers = siblings.stream().map(RoundRecord::number).toList();
        int position = numbers.indexOf(round.number());
        if (position < 0) {
            throw new IllegalStateException("round " + round.number() + " of chain " + chain.id()
                    + " is not among the rounds planned with it " + numbers);
        }
        return SiblingThrottles.shareOf(chain.throttle(),
                siblings.stream().map(r -> r.indices().size()).toList(), position);
    }

    private static List<RoundRecord> children(StoreTransaction tx, String chainId, int parent) {
        return tx.rounds().childNumbers(chainId, parent).stream()
                .map(n -> tx.rounds().find(chainId, n).orElseThrow())
                .toList();
    }

    /** The INITIAL rounds: 1, 2, ... up to the first round a handler planned. */
    private static List<RoundRecord> initialRounds(StoreTransaction tx, String chainId) {
        List<RoundRecord> rounds = new ArrayList<>();
        for (int n = 1; ; n++) {
            Optional<RoundRecord> r = tx.rounds().find(chainId, n);
            boolean initial = r.isPresent() && r.get().parentRound().isEmpty() && r.get().kind() == RoundKind.INITIAL;
            if (!initial) {
                return rounds;
            }
            rounds.add(r.get());
        }
    }
}
