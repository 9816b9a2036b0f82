package dev.memescalate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;

/**
 * How values that SQLite has no type for are written to columns: timestamps and string lists.
 *
 * <p>Timestamps are ISO-8601 UTC text with exactly nine fraction digits ({@code 2026-11-21T19:50:50.123456789Z}):
 * readable in the {@code sqlite3} shell, exact for any {@link Instant} from year 0 to 9999, and, being fixed width,
 * ordered as text the same as in time, which the stale-claim comparison relies on.
 *
 * <p>String lists are JSON arrays with every non-ASCII character escaped ({@code \\uXXXX}), so the column is pure
 * ASCII and any Java string, even one with a lone surrogate or a NUL, comes back identical.
 */
final class Columns {
    private static final DateTimeFormatter FIXED_WIDTH_INSTANT =
            new DateTimeFormatterBuilder().appendInstant(9).toFormatter();
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private Columns() {}

    static String instant(Instant instant) {
        return FIXED_WIDTH_INSTANT.format(instant);
    }

    static Instant instant(String text) {
        return Instant.parse(text);
    }

    static String stringList(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode a string list as JSON", e);
        }
    }

    static List<String> stringList(String json) {
        List<String> values;
        try {
            values = JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt string list in the store: " + json, e);
        }
        boolean isListOfStrings = values != null && values.stream().allMatch(v -> v != null);
        if (!isListOfStrings) {
            throw new StoreException("corrupt string list in the store (null where strings belong): " + json);
        }
        return List.copyOf(values);
    }
}
