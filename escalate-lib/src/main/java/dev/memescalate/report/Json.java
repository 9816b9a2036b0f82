package dev.memescalate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A streaming JSON writer for the views' documented output: rows are written as they come, never collected, so a
 * report of 100,000 tasks stays small in memory. Two-space indentation, one value per line, Unix newlines.
 */
final class Json implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final JsonGenerator g;

    Json(Writer out) {
        try {
            g = FACTORY.createGenerator(out);
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pretty);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    interface Body {
        void write() throws IOException;
    }

    Json object(Body body) {
        return run(() -> {
            g.writeStartObject();
            body.write();
            g.writeEndObject();
        });
    }

    Json object(String field, Body body) {
        return run(() -> {
            g.writeObjectFieldStart(field);
            body.write();
            g.writeEndObject();
        });
    }

    Json array(String field, Body body) {
        return run(() -> {
            g.writeArrayFieldStart(field);
            body.write();
            g.writeEndArray();
        });
    }

    Json array(Body body) {
        return run(() -> {
            g.writeStartArray();
            body.write();
            g.writeEndArray();
        });
    }

    Json field(String name, String value) {
        return run(() -> {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value);
            }
        });
    }

    Json field(String name, Optional<String> value) {
        return field(name, value.orElse(null));
    }

    Json field(String name, long value) {
        return run(() -> g.writeNumberField(name, value));
    }

    Json field(String name, double value) {
        return run(() -> g.writeNumberField(name, Math.round(value * 1000.0) / 1000.0));
    }

    Json field(String name, OptionalInt value) {
        return run(() -> {
            if (value.isPresent()) {
                g.writeNumberField(name, value.getAsInt());
            } else {
                g.writeNullField(name);
            }
        });
    }

    Json field(String name, java.util.OptionalLong value) {
        return run(() -> {
            if (value.isPresent()) {
                g.writeNumberField(name, value.getAsLong());
            } else {
                g.writeNullField(name);
            }
        });
    }

    /** {@code null} when {@code value} is null. */
    Json nullableField(String name, Object value) {
        return run(() -> {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeObjectField(name, value);
            }
        });
    }

    Json field(String name, boolean value) {
        return run(() -> g.writeBooleanField(name, value));
    }

    Json strings(String name, List<String> values) {
        return run(() -> {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        });
    }

    Json raw(Body body) {
        return run(body);
    }

    JsonGenerator generator() {
        return g;
    }

    private Json run(Body body) {
        try {
            body.write();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
