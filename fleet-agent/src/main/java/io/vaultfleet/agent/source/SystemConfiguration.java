package io.vaultfleet.agent.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Linux "system configuration" item: {@code /etc}, the installed package list (dpkg-query or rpm) and the
 * systemd unit files and their enablement. Command outputs are staged as files in the agent's cache folder and
 * backed up with the rest, so a restore brings them back as plain text.
 */
public final class SystemConfiguration {
    public static final String ITEM = "system-configuration";

    private SystemConfiguration() {
    }

    /** Stages command outputs under {@code staging} and returns the selection to back up. */
    public static FileSelection prepare(Path staging, Consumer<SourceWarning> onWarning) throws IOException {
        Files.createDirectories(staging);
        capture(staging.resolve("packages.txt"), onWarning,
                List.of("dpkg-query", "-W", "-f=${Package}\\t${Version}\\t${Architecture}\\n"),
                List.of("rpm", "-qa", "--qf", "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n"));
        capture(staging.resolve("systemd-unit-files.txt"), onWarning,
                List.of("systemctl", "list-unit-files", "--no-pager", "--no-legend"));
        List<Path> roots = new ArrayList<>(List.of(Path.of("/etc"), staging));
        for (String units : List.of("/usr/lib/systemd/system", "/lib/systemd/system")) {
            Path p = Path.of(units);
            if (Files.isDirectory(p) && !Files.isSymbolicLink(p.getParent())) {
                roots.add(p);
                break;
            }
        }
        return new FileSelection(roots, List.of(), List.of());
    }

    @SafeVarargs
    private static void capture(Path target, Consumer<SourceWarning> onWarning, List<String>... candidates) {
        for (List<String> command : candidates) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(false)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    Files.write(target, out);
                    return;
                }
            } catch (IOException e) {
                // command not present: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        onWarning.accept(new SourceWarning(target.toString(), "none of " + String.join(", ",
                Arrays.stream(candidates).map(c -> c.get(0)).toList()) + " produced output"));
        try {
            Files.writeString(target, "", StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the warning says enough
        }
    }
}
