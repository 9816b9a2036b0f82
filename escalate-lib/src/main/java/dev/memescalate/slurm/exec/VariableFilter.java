package dev.memescalate.slurm.exec;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Selects environment variables by name prefix, with named exceptions. A record (rather than a lambda) so requests
 * compare equal in tests and print readably.
 *
 * @param prefixes a variable whose name starts with one of these is selected
 * @param exceptions names that are never selected even when a prefix matches
 */
public record VariableFilter(Set<String> prefixes, Set<String> exceptions) implements Predicate<String> {

    /** Selects nothing: the inherited environment is passed on unchanged. */
    public static final VariableFilter NONE = new VariableFilter(Set.of(), Set.of());

    public VariableFilter {
        prefixes = Set.copyOf(prefixes);
        exceptions = Set.copyOf(exceptions);
    }

    @Override
    public boolean test(String name) {
        boolean matchesPrefix = prefixes.stream().anyMatch(name::startsWith);
        return matchesPrefix && !exceptions.contains(name);
    }
}
