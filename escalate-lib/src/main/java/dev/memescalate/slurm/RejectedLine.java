package dev.memescalate.slurm;

/**
 * A line of sacct output that could not be read: wrong number of fields, or a field in no known form.
 *
 * @param lineNumber 1-based line number in the text given to the parser
 */
public record RejectedLine(int lineNumber, String line, String problem) {
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + problem + ": " + line;
    }
}
