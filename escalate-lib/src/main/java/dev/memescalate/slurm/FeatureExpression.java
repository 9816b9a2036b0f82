package dev.memescalate.slurm;

import dev.memescalate.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code --constraint} value: node features joined by {@code &} (and) and {@code |} (or), or one of Slurm's richer
 * forms (counts {@code bigmem*2}, matching or {@code [a|b]}, parentheses, {@code !} for a changeable feature). Pure.
 *
 * <p>Measured on 22.05.8: a name no node of the cluster has is refused by sbatch even inside an or
 * ({@code -C 'bigmem|nosuch'}: "Invalid feature specification"), and a partition none of whose nodes satisfies the
 * expression is refused ("Requested node configuration is not available").
 *
 * @param text the expression as given
 * @param names every feature it names
 * @param alternatives for a plain expression, the or of and-terms (each the names one node must all have); empty
 *     for the richer forms, which are not judged node by node
 */
public record FeatureExpression(String text, Set<String> names, Optional<List<Set<String>>> alternatives) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:&|*!\\[\\]()-]+");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:&|-]+");

    public FeatureExpression {
        names = Set.copyOf(names);
    }

    /**
     * @throws InvalidInputException for an empty expression, blanks or characters Slurm's feature syntax has no use
     *     for, or an empty name ({@code a&&b}, {@code a|})
     */
    public static FeatureExpression parse(String text) {
        if (!ALLOWED.matcher(text).matches()) {
            throw new InvalidInputException("constraint '" + text + "': write node features joined by & (and) or |"
                    + " (or), e.g. bigmem&fast, without blanks");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String token : text.split("[&|\\[\\]()!]+")) {
            String name = token.replaceFirst("\\*\\d+$", "");
            if (!name.isEmpty()) {
                if (!NAME.matcher(name).matches()) {
                    throw new InvalidInputException("constraint '" + text + "': '" + token + "' is not a feature"
                            + " name; write node features joined by & (and) or | (or)");
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("constraint '" + text + "' names no feature; write node features joined"
                    + " by & (and) or | (or), e.g. bigmem&fast");
        }
        if (!PLAIN.matcher(text).matches()) {
            return new FeatureExpression(text, names, Optional.empty());
        }
        List<Set<String>> terms = new ArrayList<>();
        for (String term : text.split("\\|", -1)) {
            List<String> parts = Arrays.asList(term.split("&", -1));
            if (parts.stream().anyMatch(String::isEmpty)) {
                throw new InvalidInputException("constraint '" + text + "' has an empty feature name (two operators"
                        + " in a row, or one at an end); write node features joined by & (and) or | (or)");
            }
            terms.add(Set.copyOf(parts));
        }
        return new FeatureExpression(text, names, Optional.of(List.copyOf(terms)));
    }

    /** Whether a node with these features satisfies the expression; empty when the form is not judged node by node. */
    public Optional<Boolean> isMetBy(Set<String> features) {
        return alternatives.map(terms -> terms.stream().anyMatch(features::containsAll));
    }
}
