package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;

/**
 * Replays recorded tool output: the first rule whose text occurs in the command line answers it, with the fixture's
 * bytes, its lines (split at CR/LF like the real runner) and an exit code. Every command run is kept for asserts.
 */
final class RecordedCommandRunner implements CommandRunner {
    record Answer(byte[] stdout, int exitCode, Runnable sideEffect) {
    }

    private final Map<String, Answer> rules = new LinkedHashMap<>();
    final List<Command> commands = new ArrayList<>();

    RecordedCommandRunner answer(String commandContains, String fixture, int exitCode) {
        return answer(commandContains, fixture, exitCode, () -> { });
    }

    RecordedCommandRunner answer(String commandContains, String fixture, int exitCode, Runnable sideEffect) {
        rules.put(commandContains, new Answer(fixture(fixture), exitCode, sideEffect));
        return this;
    }

    static byte[] fixture(String path) {
        try (InputStream in = RecordedCommandRunner.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CommandResult run(Command command, Consumer<String> lines) throws IOException {
        commands.add(command);
        String line = command.display();
        for (Map.Entry<String, Answer> rule : rules.entrySet()) {
            if (line.contains(rule.getKey())) {
                Answer a = rule.getValue();
                for (String l : new String(a.stdout(), command.charset()).split("[\r\n]+")) {
                    if (!l.isEmpty()) {
                        lines.accept(l);
                    }
                }
                a.sideEffect().run();
                return new CommandResult(a.exitCode(), a.stdout(), new byte[0]);
            }
        }
        throw new IOException("no recorded answer for: " + line);
    }
}
