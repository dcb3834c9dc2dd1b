package io.vaultfleet.agent.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "free cache space" precheck: the agent's cache folder (its metadata cache and, for System State, the staged
 * wbadmin output) must have room before a backup starts, as MARS asks for free space on its cache volume.
 */
public final class CacheSpaceCheck {
    /** What a backup needs free at least in the cache folder: its index and metadata caches and their rewrite. */
    public static final long MINIMUM_BYTES = 1L << 30;
    public static final String NAME = "Free cache space";

    private CacheSpaceCheck() {
    }

    /** {@code prechecks} followed by the cache-space check of {@code cacheFolder}. */
    public static Prechecks after(Prechecks prechecks, Path cacheFolder, long minimumBytes) {
        return () -> {
            List<PrecheckResult> results = new ArrayList<>(prechecks.run());
            results.add(check(cacheFolder, minimumBytes));
            return results;
        };
    }

    static PrecheckResult check(Path cacheFolder, long minimumBytes) {
        try {
            Path existing = cacheFolder.toAbsolutePath();
            while (!Files.exists(existing) && existing.getParent() != null) {
                existing = existing.getParent();
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            return free >= minimumBytes
                    ? PrecheckResult.passed(NAME, gib(free) + " free in " + cacheFolder)
                    : PrecheckResult.failed(NAME, "only " + gib(free) + " free in the cache folder " + cacheFolder
                            + "; at least " + gib(minimumBytes) + " are needed: free space there or move the agent home");
        } catch (IOException e) {
            return PrecheckResult.failed(NAME, "cannot read the free space of " + cacheFolder + ": " + e.getMessage());
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
