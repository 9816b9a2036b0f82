package dev.memescalate.store;

import dev.memescalate.InvalidInputException;
import java.nio.file.Path;

/**
 * The store file was written by a newer mem-escalate (its schema version is higher than this code knows). Nothing
 * was changed. It is a user error (exit code 2): use the newer mem-escalate, or point this one at another tracker
 * directory.
 */
public final class StoreVersionException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    StoreVersionException(Path dbFile, int fileVersion, int knownVersion) {
        super("the chain store " + dbFile + " has schema version " + fileVersion
                + " but this mem-escalate knows versions up to " + knownVersion
                + ": it was written by a newer mem-escalate. Use that newer version, or choose another tracker"
                + " directory. The file was not changed.");
    }
}
