package io.vaultfleet.console.ui;

import java.time.Instant;

/**
 * Something worth telling the people watching the console (a server went offline, a vault was created). Features
 * publish it as a Spring application event; the notifications area in the header shows the latest ones.
 */
public record ConsoleNotice(Level level, String title, String detail, Instant at) {
    public enum Level { INFO, SUCCESS, WARNING, ERROR }
}
