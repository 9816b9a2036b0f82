package dev.memescalate.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How views write times: local, to the second, as people on the cluster read them; ISO with offset in JSON. */
public final class Times {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Times() {
    }

    /** {@code 2026-11-30 14:09:51} in {@code zone}. */
    public static String local(Instant at, ZoneId zone) {
        return LOCAL.format(at.atZone(zone));
    }

    /** {@code 14:09:51} in {@code zone}. */
    public static String clock(Instant at, ZoneId zone) {
        return CLOCK.format(at.atZone(zone));
    }

    /** {@code 2026-11-30T14:09:51+01:00}: ISO-8601 with the zone's offset, to the second. */
    public static String iso(Instant at, ZoneId zone) {
        return at.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime().toString();
    }
}
