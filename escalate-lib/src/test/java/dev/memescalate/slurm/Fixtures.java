package dev.memescalate.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real Slurm 22.05.8 output from {@code src/test/resources/slurm-22.05/} (see the README.md there for how each was made). */
public final class Fixtures {
    private Fixtures() {}

    public static String read(String name) {
        String resource = "/slurm-22.05/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
