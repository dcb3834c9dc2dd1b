package io.vaultfleet.console.ui;

import java.time.Instant;
import java.util.UUID;

/**
 * Something worth telling the people watching the console (a server went offline, a vault was created). Features
 * publish it as a Spring application event; the notifications area in the header shows the latest ones to the
 * users who may see {@code vaultId} (see {@link Audience}).
 *
 * @param vaultId the vault the notice is about, or {@code null} when it is console-wide (only users with a
 *                console-wide role see those)
 */
public record ConsoleNotice(Level level, String title, String detail, Instant at, UUID vaultId) {
    public enum Level { INFO, SUCCESS, WARNING, ERROR }

    /** A console-wide notice: shown only to users with a console-wide role. */
    public ConsoleNotice(Level level, String title, String detail, Instant at) {
        this(level, title, detail, at, null);
    }
}
