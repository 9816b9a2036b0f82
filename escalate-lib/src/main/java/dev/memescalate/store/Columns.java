package dev.memescalate.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * How values that SQLite has no type for are written to columns: timestamps and string lists.
 *
 * <p>Timestamps are ISO-8601 UTC text with exactly nine fraction digits ({@code 2026-11-21T19:50:50.123456789Z}):
 * readable in the {@code sqlite3} shell, exact for any {@link Instant} from year 0 to 9999, and, being fixed width,
 * ordered as text the same as in time, which the stale-claim comparison relies on.
 *
 * <p>String lists are JSON arrays with every non-ASCII character escaped ({@code \\uXXXX}), so the column is pure
 * ASCII and any Java string, even one with a lone surrogate or a NUL, comes back identical. They are written and read
 * with jackson-core's streaming generator and parser, not jackson-databind: a databind mapper's first use takes tens
 * of milliseconds (building serializers by reflection), a large part of a small round's handler run.
 */
final class Columns {
    private static final DateTimeFormatter FIXED_WIDTH_INSTANT =
            new DateTimeFormatterBuilder().appendInstant(9).toFormatter();
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final long SECONDS_PER_DAY = 86_400;

    private Columns() {}

    static String instant(Instant instant) {
        long day = Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return FIXED_WIDTH_INSTANT.format(instant);
        }
        // What FIXED_WIDTH_INSTANT prints, written digit by digit: a handler writes two per attempt, a million
        // attempts in one round, and the formatter takes several times as long.
        int second = (int) Math.floorMod(instant.getEpochSecond(), SECONDS_PER_DAY);
        char[] text = new char[30];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, second / 3600, 2);
        text[13] = ':';
        digits(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, second % 60, 2);
        text[19] = '.';
        digits(text, 20, instant.getNano(), 9);
        text[29] = 'Z';
        return new String(text);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static Instant instant(String text) {
        // The fixed-width form this class writes, read digit by digit (status --tasks reads two per attempt);
        // anything else as Instant.parse reads it.
        boolean fixedWidth = text.length() == 30 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(19) == '.' && text.charAt(29) == 'Z';
        if (fixedWidth) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int nanos = digits(text, 20, 9);
            boolean plausible = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23
                    && minute <= 59 && second <= 59 && nanos >= 0;
            if (plausible && day <= YearMonth.of(year, month).lengthOfMonth()) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number of {@code text[at, at + width)}, or -1 if a character is not a digit. */
    private static int digits(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String stringList(List<String> values) {
        StringWriter json = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartArray();
            for (String value : values) {
                out.writeString(value);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new StoreException("cannot encode a string list as JSON", e);
        }
        return json.toString();
    }

    static List<String> stringList(String json) {
        List<String> values = new ArrayList<>();
        try (JsonParser in = JSON.createParser(json)) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                throw corruptList(json, "not a JSON array");
            }
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    throw corruptList(json, token == JsonToken.VALUE_NULL ? "null where strings belong"
                            : token == null ? "the array is not closed" : "not a string: " + token);
                }
                values.add(in.getText());
            }
            if (in.nextToken() != null) {
                throw corruptList(json, "text after the array");
            }
        } catch (IOException e) {
            throw new StoreException("corrupt string list in the store: " + json, e);
        }
        return List.copyOf(values);
    }

    private static StoreException corruptList(String json, String problem) {
        return new StoreException("corrupt string list in the store (" + problem + "): " + json);
    }
}
