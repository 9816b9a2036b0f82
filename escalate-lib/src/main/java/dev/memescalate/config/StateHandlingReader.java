package dev.memescalate.config;

import dev.memescalate.policy.Action;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.JobState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code state_handling} section: an action per terminal state, and under {@code exit_codes} an action
 * per rule on sacct's ExitCode. States the file does not name keep {@link StatePolicy#defaults()}.
 */
final class StateHandlingReader {
    /** The terminal failure states a config may name (COMPLETED is success and not configurable). */
    private static final List<JobState> CONFIGURABLE_STATES = Arrays.stream(JobState.values())
            .filter(s -> s.isTerminal() && s != JobState.COMPLETED)
            .toList();

    private static final String STATE_EXIT_CODES = "exit_codes";
    private static final Pattern EXIT_CODE_RULE = Pattern.compile("(\\d{1,3}|\\*)(?::(\\d{1,3}|\\*))?");
    private static final int MAX_EXIT_FIELD = 255;

    private final ValueReader values;
    private final Problems problems;
    private final Map<JobState, Action> fileStateActions = new EnumMap<>(JobState.class);
    private final List<ExitCodeRule> exitCodeRules = new ArrayList<>();

    StateHandlingReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    void read(YamlNode value) {
        values.sectionMapping(value, "'state_handling' must be a mapping of STATE: action")
                .ifPresent(this::readStates);
    }

    /** The states whose action the file set itself. */
    Set<JobState> statesFromFile() {
        return fileStateActions.keySet();
    }

    /** The defaults overlaid with the file's state actions, and the file's exit-code rules. */
    StatePolicy effectivePolicy() {
        Map<JobState, Action> effective = new EnumMap<>(StatePolicy.defaults().stateActions());
        effective.putAll(fileStateActions);
        return new StatePolicy(effective, exitCodeRules);
    }

    private void readStates(YamlNode.Mapping map) {
        List<String> stateNames = CONFIGURABLE_STATES.stream().map(Enum::name).toList();
        for (YamlNode.Entry entry : map.entries()) {
            if (entry.key().equals(STATE_EXIT_CODES)) {
                values.sectionMapping(entry.value(), "'exit_codes' must be a mapping of RULE: action (137: escalate,"
                        + " \"0:9\": retry)").ifPresent(this::readExitCodes);
                continue;
            }
            Optional<JobState> state = JobState.lookup(entry.key());
            boolean configurable = state.isPresent() && CONFIGURABLE_STATES.contains(state.get());
            if (!configurable) {
                String why = state.map(s -> s == JobState.COMPLETED
                                ? "COMPLETED is success and needs no handling"
                                : s + " is not a final state")
                        .orElse("unknown state '" + entry.key() + "'");
                List<String> candidates = new ArrayList<>(stateNames);
                candidates.add(STATE_EXIT_CODES);
                problems.add(entry.keyLine(), "state_handling: " + why
                        + (state.isEmpty() ? Suggestions.didYouMean(entry.key(), candidates) : "")
                        + "; valid keys: " + String.join(", ", stateNames) + ", " + STATE_EXIT_CODES);
                continue;
            }
            if (fileStateActions.containsKey(state.get())) {
                problems.add(entry.keyLine(), "state_handling: " + state.get() + " is named twice (state names"
                        + " ignore case); keep one");
                continue;
            }
            action(entry.value(), "state_handling." + entry.key())
                    .ifPresent(a -> fileStateActions.put(state.get(), a));
        }
    }

    private void readExitCodes(YamlNode.Mapping map) {
        for (YamlNode.Entry entry : map.entries()) {
            Optional<ExitCodeRule> rule = action(entry.value(), "exit_codes." + entry.key())
                    .flatMap(a -> exitCodeRule(entry, a));
            rule.ifPresent(r -> {
                boolean sameRuleTwice = exitCodeRules.stream().anyMatch(other -> other.pattern().equals(r.pattern()));
                if (sameRuleTwice) {
                    problems.add(entry.keyLine(), "exit_codes: rule '" + entry.key() + "' repeats rule '"
                            + r.pattern() + "' given above; keep one");
                } else {
                    exitCodeRules.add(r);
                }
            });
        }
    }

    /** {@code 137} (return code), {@code 0:9} (return code:signal), {@code *:9} (any return code, signal 9). */
    private Optional<ExitCodeRule> exitCodeRule(YamlNode.Entry entry, Action action) {
        String text = entry.key().strip();
        Matcher m = EXIT_CODE_RULE.matcher(text);
        String forms = "write RC (137), RC:SIGNAL (0:9) or *:SIGNAL (*:9), numbers 0-" + MAX_EXIT_FIELD
                + ", as in sacct's ExitCode column";
        if (!m.matches()) {
            problems.add(entry.keyLine(), "exit_codes: invalid rule '" + text + "'; " + forms);
            return Optional.empty();
        }
        OptionalInt rc = field(m.group(1));
        OptionalInt signal = m.group(2) == null ? OptionalInt.empty() : field(m.group(2));
        boolean outOfRange = (rc.isPresent() && rc.getAsInt() > MAX_EXIT_FIELD)
                || (signal.isPresent() && signal.getAsInt() > MAX_EXIT_FIELD);
        if (outOfRange) {
            problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' is out of range; " + forms);
            return Optional.empty();
        }
        if (rc.isEmpty() && signal.isEmpty()) {
            problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' matches every task; name a return"
                    + " code or a signal: " + forms);
            return Optional.empty();
        }
        ExitCodeRule rule = new ExitCodeRule(rc, signal, action);
        if (rule.matchesOnlySuccessCode()) {
            problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' matches exit code 0:0, which a"
                    + " COMPLETED task has (always success) and TIMEOUT, CANCELLED and NODE_FAIL report too;"
                    + " use a state action (TIMEOUT: escalate) for those instead");
            return Optional.empty();
        }
        return Optional.of(rule);
    }

    private static OptionalInt field(String text) {
        return text.equals("*") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
    }

    private Optional<Action> action(YamlNode value, String where) {
        return values.scalarText(value, where).flatMap(t -> {
            Optional<Action> action = Action.fromConfig(t);
            if (action.isEmpty()) {
                problems.add(value, where + ": unknown action '" + t + "'"
                        + Suggestions.didYouMean(t, List.of("escalate", "retry", "no_retry", "fail"))
                        + "; valid actions: " + Action.validChoices());
            }
            return action;
        });
    }
}
