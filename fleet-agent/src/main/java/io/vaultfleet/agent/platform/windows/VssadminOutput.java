package io.vaultfleet.agent.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code vssadmin create shadow}, {@code vssadmin list shadows} and {@code vssadmin delete shadows} output
 * (English, vssadmin 1.1 on Windows Server 2012 R2–2025), and {@code wmic shadowcopy call create} as the fallback.
 * Only tested with recorded outputs.
 */
public final class VssadminOutput {
    private static final Pattern ID = Pattern.compile("Shadow Copy ID: (\\{[0-9A-Fa-f-]{36}\\})");
    private static final Pattern CREATED_VOLUME = Pattern.compile("Shadow Copy Volume Name: (\\S+)");
    private static final Pattern LISTED_VOLUME = Pattern.compile("Shadow Copy Volume: (\\S+)");
    private static final Pattern WMIC_ID = Pattern.compile("ShadowID = \"(\\{[0-9A-Fa-f-]{36}\\})\"");
    private static final Pattern WMIC_RETURN = Pattern.compile("ReturnValue = (\\d+);");

    private VssadminOutput() {
    }

    /** A shadow copy: its id and the device path its files are read through. */
    public record ShadowCopy(String id, String devicePath) {
    }

    /** {@code vssadmin create shadow /for=C:}: the new copy, or empty with the error in the output. */
    public static Optional<ShadowCopy> created(String output) {
        if (!output.contains("Successfully created shadow copy")) {
            return Optional.empty();
        }
        Matcher id = ID.matcher(output);
        Matcher volume = CREATED_VOLUME.matcher(output);
        return id.find() && volume.find() ? Optional.of(new ShadowCopy(id.group(1), volume.group(1))) : Optional.empty();
    }

    /** Every copy {@code vssadmin list shadows} lists, in order. */
    public static List<ShadowCopy> listed(String output) {
        List<ShadowCopy> copies = new ArrayList<>();
        String id = null;
        for (String line : output.lines().map(String::strip).toList()) {
            Matcher m = ID.matcher(line);
            if (m.find()) {
                id = m.group(1);
                continue;
            }
            m = LISTED_VOLUME.matcher(line);
            if (m.find() && id != null) {
                copies.add(new ShadowCopy(id, m.group(1)));
                id = null;
            }
        }
        return copies;
    }

    /** The new id from {@code wmic shadowcopy call create Volume='C:\'} (empty unless ReturnValue = 0). */
    public static Optional<String> wmicCreatedId(String output) {
        Matcher ret = WMIC_RETURN.matcher(output);
        Matcher id = WMIC_ID.matcher(output);
        return ret.find() && ret.group(1).equals("0") && id.find() ? Optional.of(id.group(1)) : Optional.empty();
    }

    /**
     * {@code vssadmin delete shadows /shadow=... /quiet} succeeded (with /quiet it prints only its banner and exits 0;
     * without it, "Successfully deleted ..."), or the copy is already gone ("No items found that satisfy the query.").
     */
    public static boolean deletedOrGone(String output, int exitCode) {
        if (output.contains("No items found that satisfy the query") || output.contains("Successfully deleted")) {
            return true;
        }
        return exitCode == 0 && output.lines().noneMatch(l -> l.strip().startsWith("Error:"));
    }

    /** vssadmin's own error line ("Error: ..."), else the last line. */
    public static String error(String output) {
        return output.lines().map(String::strip).filter(l -> l.startsWith("Error:")).findFirst()
                .orElseGet(() -> output.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("(no output)"));
    }
}
