package io.vaultfleet.agent.platform;

import java.util.List;

/** The checks run before a backup on this platform (and by {@code fleet-agent precheck}). */
public interface Prechecks {
    List<PrecheckResult> run();
}
