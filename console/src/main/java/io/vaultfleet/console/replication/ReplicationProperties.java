package io.vaultfleet.console.replication;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Geo-replication settings ({@code vaultfleet.replication.*}).
 *
 * @param bytesPerSecond  the most the replicator copies per second, all vaults together, so it does not starve the
 *                        agents' uploads (default 64 MiB/s; server-side copies count too)
 * @param interval        how often every geo-redundant vault is scanned (default 5 min); a finished backup nudges
 *                        its vault at once
 * @param initialDelay    the first scan after start (default 1 min)
 * @param lagAlertAfter   a vault whose secondary stays behind this long raises <em>Replication lagging</em> (1 h)
 * @param verifySample    how many blobs per server the <em>Verify secondary copy</em> job reads on both sides (20)
 * @param restoreGrant    how long a Cross Region Restore grant to the secondary is valid (default 1 h)
 * @param parallelCopies  how many blobs one pass copies at once (default 8, at most 16), within the rate limit
 *                        (decision 029: with 3, the round trips and fsyncs of one blob at a time per copy left
 *                        replication at 64–75% of a plain copy; with 8, 84–106%)
 * @param lease           how long a node's hold on a vault's replication lasts without renewal (default 2 min,
 *                        renewed every third of it while the pass runs): after a node dies, another node takes the
 *                        vault over once this has passed
 */
@ConfigurationProperties("vaultfleet.replication")
public record ReplicationProperties(long bytesPerSecond, Duration interval, Duration initialDelay,
                                    Duration lagAlertAfter, int verifySample, Duration restoreGrant,
                                    int parallelCopies, Duration lease) {
    public ReplicationProperties {
        bytesPerSecond = bytesPerSecond <= 0 ? 64L * 1024 * 1024 : bytesPerSecond;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        initialDelay = initialDelay == null ? Duration.ofMinutes(1) : initialDelay;
        lagAlertAfter = lagAlertAfter == null ? Duration.ofHours(1) : lagAlertAfter;
        verifySample = verifySample <= 0 ? 20 : verifySample;
        restoreGrant = restoreGrant == null ? Duration.ofHours(1) : restoreGrant;
        parallelCopies = parallelCopies <= 0 ? 8 : Math.min(parallelCopies, 16);
        lease = lease == null || lease.isNegative() || lease.isZero() ? Duration.ofMinutes(2) : lease;
    }
}
