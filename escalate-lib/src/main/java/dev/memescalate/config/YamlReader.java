package dev.memescalate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.memescalate.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link YamlNode}s with line numbers, through Jackson's streaming YAML parser.
 *
 * <p>Every scalar is kept as the text the parser saw ({@link JsonParser#getText()}), never as YAML's typed value:
 * SnakeYAML follows YAML 1.1, which reads an unquoted {@code 1:00:00} as the base-60 integer 3600 and
 * {@code 30:00} as 1800. Taking the text keeps a Slurm time exactly as the user wrote it, quoted or not.
 */
final class YamlReader {
    /**
     * How deep mappings and lists may nest. The deepest real config (state_handling.exit_codes, a notify command
     * list) is three levels; Jackson's own default is 1000, and its message about it names Jackson's classes.
     */
    static final int MAX_NESTING = 20;

    /**
     * Limits, so that a hostile or broken file fails fast with a clear message: nesting ({@link #MAX_NESTING}), and
     * the document's length in code points, {@link ConfigLoader#MAX_FILE_BYTES} also for text that does not come
     * from a file (the config snapshotted in the store), where SnakeYAML's default would be 3 MB. Aliases need no
     * limit: {@link #readValue} refuses the first one, so a "billion laughs" document is never expanded (Jackson's
     * streaming parser does not expand aliases either; SnakeYAML's maxAliasesForCollections applies only to its
     * composer, which Jackson does not use).
     */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) ConfigLoader.MAX_FILE_BYTES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(0);
        return options;
    }

    private YamlReader() {
    }

    /** The document's root node, or empty for an empty document. */
    static Optional<YamlNode> read(String text, String sourceName) {
        if (text.length() > ConfigLoader.MAX_FILE_BYTES) {
            throw new InvalidInputException(sourceName + ": the config is " + text.length() + " characters long; a"
                    + " config is at most " + ConfigLoader.MAX_FILE_BYTES + " (1 MB): is it the right file?");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            YamlNode root = readValue(parser, sourceName);
            if (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                throw new InvalidInputException(sourceName + ":" + line + ": a second YAML document ('---');"
                        + " a config file holds exactly one, remove the '---' and what follows or merge them");
            }
            return Optional.of(root);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(sourceName + ": lists and mappings nest deeper than " + MAX_NESTING
                    + " levels; a config needs at most three (state_handling: exit_codes: ...): check the"
                    + " indentation and the brackets", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(syntaxMessage(e, sourceName), e);
        } catch (IOException e) {
            throw new InvalidInputException(sourceName + ": cannot read YAML: " + e.getMessage(), e);
        }
    }

    private static YamlNode readValue(JsonParser parser, String sourceName) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMapping(parser, sourceName, line);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, sourceName));
                }
                return new YamlNode.Sequence(items, line);
            case VALUE_NULL:
                // The text as written (~, null, Null): a command word "null" stays the word, not YAML's null.
                return new YamlNode.Scalar(parser.getText(), true, line);
            default:
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson hands an alias over as its name, not as the anchored value.
                    throw new InvalidInputException(sourceName + ":" + line + ": YAML aliases ('*" + parser.getText()
                            + "') are not supported in a config; write the value out");
                }
                if (!token.isScalarValue()) {
                    throw new IllegalStateException("unexpected YAML token " + token + " at line " + line);
                }
                // Jackson reports an empty plain value ("key:" and nothing after) as an empty string.
                String text = parser.getText();
                return new YamlNode.Scalar(text, text.isEmpty(), line);
        }
    }

    private static YamlNode.Mapping readMapping(JsonParser parser, String sourceName, int line) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            int keyLine = parser.currentTokenLocation().getLineNr();
            Integer earlier = firstLineOfKey.putIfAbsent(key, keyLine);
            if (earlier != null) {
                throw new InvalidInputException(sourceName + ":" + keyLine + ": key '" + key
                        + "' appears twice (first on line " + earlier + "); keep only one");
            }
            parser.nextToken();
            entries.add(new YamlNode.Entry(key, keyLine, readValue(parser, sourceName)));
        }
        return new YamlNode.Mapping(entries, line);
    }

    /**
     * SnakeYAML's own exception names the exact spot (its "problem mark", 0-based) and a short problem text;
     * Jackson's location for the same error can be the start of the enclosing construct instead.
     */
    private static String syntaxMessage(JsonProcessingException e, String sourceName) {
        String position;
        String problem;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            position = sourceName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            problem = marked.getProblem() == null ? "syntax error" : marked.getProblem().strip();
        } else {
            JsonLocation where = e.getLocation();
            position = where == null || where.getLineNr() < 1
                    ? sourceName
                    : sourceName + ":" + where.getLineNr() + ":" + where.getColumnNr();
            problem = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().strip();
        }
        return position + ": not valid YAML: " + firstLine(problem)
                + "; check indentation (spaces, not tabs), 'key: value' with a space after the colon, and quotes";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
