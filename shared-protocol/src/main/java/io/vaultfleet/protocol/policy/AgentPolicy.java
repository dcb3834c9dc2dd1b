package io.vaultfleet.protocol.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The part of a backup policy the agent runs: items, schedule and throttling (retention is the console's job). Its
 * {@link #hash()} is computed from a fixed canonical text, so the console and the agent agree on it whatever JSON
 * library wrote the policy; a drifted copy on a server has another hash.
 *
 * @param policyId  the console's policy id
 * @param name      the policy's name, for logs
 * @param items     {@code SYSTEM_STATE}, {@code FILES_AND_FOLDERS}, {@code SYSTEM_CONFIGURATION} (at least one)
 * @param include   paths backed up as Files and folders (required when that item is chosen)
 * @param exclude   glob patterns skipped inside those paths
 * @param schedule  when backups run
 * @param throttle  bandwidth limits, or null for none
 */
public record AgentPolicy(String policyId, String name, List<String> items, List<String> include,
                          List<String> exclude, BackupSchedule schedule, NetworkThrottle throttle) {
    public static final List<String> ITEMS = List.of("SYSTEM_STATE", "FILES_AND_FOLDERS", "SYSTEM_CONFIGURATION");
    public static final int MAX_PATHS = 100;

    public AgentPolicy {
        requireText(policyId, "policyId", 64);
        requireText(name, "policy name", 100);
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("select at least one item to back up");
        }
        for (String item : items) {
            if (!ITEMS.contains(item)) {
                throw new IllegalArgumentException("item must be one of " + ITEMS + ", not " + item);
            }
        }
        items = List.copyOf(new LinkedHashSet<>(ITEMS.stream().filter(items::contains).toList()));
        include = paths(include, "include");
        exclude = paths(exclude, "exclude");
        if (items.contains("FILES_AND_FOLDERS") && include.isEmpty()) {
            throw new IllegalArgumentException("Files and folders needs at least one folder or file to include");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a schedule is required");
        }
    }

    /** SHA-256 (hex) of the canonical text of this policy. */
    public String hash() {
        String canonical = "vaultfleet-policy/v1\n" + policyId + "\n" + name + "\n" + String.join(",", items) + "\n"
                + String.join("\u0000", include) + "\n" + String.join("\u0000", exclude) + "\n" + schedule.canonical()
                + "\n" + (throttle == null ? "-" : throttle.canonical());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> paths(List<String> paths, String what) {
        if (paths == null) {
            return List.of();
        }
        List<String> cleaned = paths.stream().map(p -> p == null ? "" : p.strip()).filter(p -> !p.isEmpty()).distinct()
                .toList();
        if (cleaned.size() > MAX_PATHS) {
            throw new IllegalArgumentException("at most " + MAX_PATHS + " " + what + " entries, not " + cleaned.size());
        }
        for (String p : cleaned) {
            if (p.length() > 1024) {
                throw new IllegalArgumentException(what + " entry is longer than 1024 characters: " + p.substring(0, 40) + "…");
            }
            if (p.startsWith("-")) {
                throw new IllegalArgumentException(what + " entries are files, folders or patterns, not options: " + p);
            }
        }
        return cleaned;
    }

    private static void requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }
}
