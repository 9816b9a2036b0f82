package dev.memescalate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.doctor.SharedPaths.Kind;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedPathsTest {
    @Test
    void perNodeScratchDirectoriesAreNodeLocalWhateverTheirFileSystem() {
        for (String path : new String[] {"/tmp", "/tmp/a b/x", "/var/tmp/x", "/dev/shm/x", "/scratch/local/ana",
            "/tmp/../tmp/x"}) {
            assertThat(SharedPaths.classify(Path.of(path), Optional.of("nfs4"))).as(path).isEqualTo(Kind.NODE_LOCAL);
        }
    }

    @Test
    void aPrefixOfANameIsNotAParentDirectory() {
        assertThat(SharedPaths.nodeLocalRoot(Path.of("/tmpdata/x"))).isEmpty();
        assertThat(SharedPaths.nodeLocalRoot(Path.of("/scratch/localgroup"))).isEmpty();
        assertThat(SharedPaths.nodeLocalRoot(Path.of("/scratch/local/x"))).contains(Path.of("/scratch/local"));
    }

    @Test
    void memoryFileSystemsAreNodeLocalNetworkOnesSharedOthersUnknown() {
        assertThat(SharedPaths.classify(Path.of("/data/x"), Optional.of("tmpfs"))).isEqualTo(Kind.NODE_LOCAL);
        assertThat(SharedPaths.classify(Path.of("/home/ana"), Optional.of("nfs4"))).isEqualTo(Kind.SHARED);
        assertThat(SharedPaths.classify(Path.of("/lustre/ana"), Optional.of("LUSTRE"))).isEqualTo(Kind.SHARED);
        assertThat(SharedPaths.classify(Path.of("/home/ana"), Optional.of("ext4"))).isEqualTo(Kind.UNKNOWN);
        assertThat(SharedPaths.classify(Path.of("/home/ana"), Optional.empty())).isEqualTo(Kind.UNKNOWN);
    }
}
