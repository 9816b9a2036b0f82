package dev.memescalate.report.html;

import dev.memescalate.observe.Durations;
import dev.memescalate.report.Times;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/** How the HTML report writes numbers, shares, durations and times; the templates call these. Pure. */
public final class Fmt {
    private Fmt() {
    }

    /** Three significant digits: {@code 0.0850}, {@code 12.3}, {@code 1230}. */
    public static String num(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A count with thousands separators: {@code 100,000}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code part} of {@code whole} in whole percent; {@code -} when {@code whole} is 0. */
    public static String share(double part, double whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** {@code 45s}, {@code 3m02s}, {@code 2h05m}; {@code -} when unknown. */
    public static String duration(Optional<Duration> d) {
        return d.map(Durations::compact).orElse("-");
    }

    public static String duration(Duration d) {
        return Durations.compact(d);
    }

    /** {@code 2026-11-30 14:09:51} in {@code zone}. */
    public static String time(Instant at, ZoneId zone) {
        return Times.local(at, zone);
    }

    /** {@link #time(Instant, ZoneId)}, or {@code -} when unknown. */
    public static String time(Optional<Instant> at, ZoneId zone) {
        return at.map(t -> Times.local(t, zone)).orElse("-");
    }

    /** {@code 2026-11-30T14:09:51+01:00}, for {@code <time datetime>}. */
    public static String iso(Instant at, ZoneId zone) {
        return Times.iso(at, zone);
    }

    /** {@code 14:09:51} in {@code zone}. */
    public static String clock(Instant at, ZoneId zone) {
        return Times.clock(at, zone);
    }

    /** A CSS class for a chain or round state: {@code state-completed}, {@code state-stalled}, ... */
    public static String stateClass(String state) {
        return "state-" + state.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
    }
}
