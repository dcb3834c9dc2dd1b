package io.vaultfleet.agent.platform;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One tool invocation: its arguments (no shell in between), how long it may take and the charset its line output
 * is decoded with. wbadmin and vssadmin write the console's OEM code page (ASCII for the English texts parsed here).
 */
public record Command(List<String> args, Duration timeout, Charset charset) {
    public Command {
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
    }

    public static Command of(Duration timeout, String... args) {
        return new Command(List.of(args), timeout, StandardCharsets.ISO_8859_1);
    }

    /** The command line as an admin would type it (for messages and the restore steps). */
    public String display() {
        return String.join(" ", args.stream().map(a -> a.contains(" ") ? '"' + a + '"' : a).toList());
    }
}
