package dev.memescalate.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a directory is likely seen by the compute nodes. Handler jobs run on any node of the handler's partition
 * and open the store in the tracker directory, and run the jar, by the same absolute path as the login node. Pure.
 */
public final class SharedPaths {
    /** Where clusters keep per-node scratch space: every node has its own, with the same path. */
    static final List<Path> NODE_LOCAL_ROOTS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"),
            Path.of("/run"), Path.of("/scratch/local"), Path.of("/local"), Path.of("/localscratch"),
            Path.of("/lscratch"));

    /** Memory-backed: per node by construction. */
    static final Set<String> NODE_LOCAL_TYPES = Set.of("tmpfs", "ramfs");

    /** Network and cluster file systems, as Java's FileStore.type() names them (the mount's type in /proc/mounts). */
    static final Set<String> SHARED_TYPES = Set.of("nfs", "nfs4", "lustre", "gpfs", "beegfs", "cifs", "smb3", "smbfs",
            "ceph", "fuse.ceph", "glusterfs", "fuse.glusterfs", "panfs", "afs", "wekafs", "pvfs2", "orangefs", "gfs2",
            "ocfs2", "fuse.sshfs", "9p", "virtiofs");

    /** What is known of a path. */
    public enum Kind {
        /** Under a per-node scratch directory or on a memory file system. */
        NODE_LOCAL,
        /** On a network or cluster file system. */
        SHARED,
        /** On a local disk file system of this host (ext4, xfs): shared only if this host exports it. */
        UNKNOWN
    }

    private SharedPaths() {
    }

    /** The per-node root {@code path} lies under, if any ({@code /tmp} for {@code /tmp/x/y}). */
    public static Optional<Path> nodeLocalRoot(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        return NODE_LOCAL_ROOTS.stream().filter(normal::startsWith).findFirst();
    }

    public static Kind classify(Path path, Optional<String> fileSystemType) {
        String type = fileSystemType.map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        boolean nodeLocal = nodeLocalRoot(path).isPresent() || NODE_LOCAL_TYPES.contains(type);
        if (nodeLocal) {
            return Kind.NODE_LOCAL;
        }
        return SHARED_TYPES.contains(type) ? Kind.SHARED : Kind.UNKNOWN;
    }
}
