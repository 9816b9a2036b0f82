package dev.memescalate.indexset;

/** Index sets that tests in several packages need. */
public final class IndexSetFixtures {
    private IndexSetFixtures() {
    }

    /**
     * The original tool's "uncompressible" set: the first n indices i with (i*7+3)%11 != 0 and (i*13+5)%17 != 0.
     * (RenumberedRoundsIT in escalate-cli builds the same set: that module cannot see these test classes.)
     */
    public static IndexSet uncompressible(int n) {
        IndexSet.Builder b = IndexSet.builder();
        int found = 0;
        for (int i = 0; found < n; i++) {
            if ((i * 7 + 3) % 11 != 0 && (i * 13 + 5) % 17 != 0) {
                b.add(i);
                found++;
            }
        }
        return b.build();
    }
}
