package dev.memescalate.report.html;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart as the HTML report draws it: an SVG of rectangles, lines and text whose coordinates {@link Charts} computed
 * from the data. One template ({@code svg.jte}) writes any of them, escaping every text and title; the browser only
 * draws (no script, no external file). Coordinates are in the viewBox's units; the SVG scales to its container.
 *
 * @param label what the chart shows, for screen readers ({@code aria-label}) and as the SVG's title
 */
public record Svg(int width, int height, String label, List<Rect> rects, List<Line> lines, List<Text> texts) {
    public Svg {
        rects = List.copyOf(rects);
        lines = List.copyOf(lines);
        texts = List.copyOf(texts);
    }

    /** @param title shown when the pointer rests on it (an SVG {@code <title>}); empty for none */
    public record Rect(double x, double y, double w, double h, String cls, String title) {
    }

    public record Line(double x1, double y1, double x2, double y2, String cls) {
    }

    /** @param anchor {@code start}, {@code middle} or {@code end} */
    public record Text(double x, double y, String anchor, String cls, String text) {
    }

    /** A coordinate as the SVG writes it: at most one decimal, no trailing zero ({@code 12}, {@code 12.5}). */
    public static String n(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Collects a chart's elements. */
    static final class Builder {
        private final int width;
        private final int height;
        private final String label;
        private final List<Rect> rects = new ArrayList<>();
        private final List<Line> lines = new ArrayList<>();
        private final List<Text> texts = new ArrayList<>();

        Builder(int width, int height, String label) {
            this.width = width;
            this.height = height;
            this.label = label;
        }

        Builder rect(double x, double y, double w, double h, String cls, String title) {
            if (w > 0 && h > 0) {
                rects.add(new Rect(x, y, w, h, cls, title));
            }
            return this;
        }

        Builder line(double x1, double y1, double x2, double y2, String cls) {
            lines.add(new Line(x1, y1, x2, y2, cls));
            return this;
        }

        Builder text(double x, double y, String anchor, String cls, String text) {
            texts.add(new Text(x, y, anchor, cls, text));
            return this;
        }

        Svg build() {
            return new Svg(width, height, label, rects, lines, texts);
        }
    }
}
