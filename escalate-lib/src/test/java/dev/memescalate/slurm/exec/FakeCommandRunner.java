package dev.memescalate.slurm.exec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Replays prepared results (captured from the real cluster) in order and records every request. */
final class FakeCommandRunner implements CommandRunner {
    private final Deque<Reply> replies = new ArrayDeque<>();
    final List<CommandRequest> requests = new ArrayList<>();

    private record Reply(int exitCode, String stdout, String stderr) {}

    FakeCommandRunner reply(int exitCode, String stdout, String stderr) {
        replies.add(new Reply(exitCode, stdout, stderr));
        return this;
    }

    FakeCommandRunner replyOk(String stdout) {
        return reply(0, stdout, "");
    }

    @Override
    public CommandResult run(CommandRequest request) {
        requests.add(request);
        Reply reply = replies.poll();
        if (reply == null) {
            throw new AssertionError("unexpected command " + request.argv());
        }
        return new CommandResult(request.argv(), reply.exitCode(), reply.stdout(), reply.stderr(), Duration.ZERO);
    }

    CommandRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one command, got " + requests);
        }
        return requests.get(0);
    }
}
