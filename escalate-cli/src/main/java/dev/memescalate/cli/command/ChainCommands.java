package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.store.ChainStore;

/** What commands that act on one chain share. */
final class ChainCommands {
    private ChainCommands() {
    }

    /** A clear error (exit 2) when the store has no such chain. */
    static void requireChain(ChainStore store, String chainId) {
        boolean known = store.read(tx -> tx.chains().find(chainId).isPresent());
        if (!known) {
            throw new InvalidInputException("no chain '" + chainId + "' in " + store.file() + "; check the id that"
                    + " submit printed (mem-escalate list shows the chains tracked there)");
        }
    }
}
