package io.vaultfleet.console.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.jobs.JobOperation;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.storage.ReplicaStores;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultLookup;

/**
 * <em>Verify secondary copy</em>: a console maintenance job per server that lists both sides, checks every blob the
 * database says was copied is on the secondary with the primary's size, and reads a random sample of them on both
 * sides to compare their SHA-256 (and, for content-addressed blobs, the name the hash must equal). Completed when all
 * agree, completed with warnings when blobs only wait for the next pass, failed on any missing or differing copy.
 */
@Service
public class SecondaryCopyVerifier {
    public static final String OPERATION = JobOperation.VERIFY_SECONDARY_COPY.name();
    private static final Logger log = LoggerFactory.getLogger(SecondaryCopyVerifier.class);

    /** One server's verification. {@code jobId} is null when it was postponed (the server had a job). */
    public record Result(UUID serverId, UUID jobId, JobStatus status, int compared, int waiting, int missing,
                         int sizeDiffers, int sampled, int hashDiffers, String detail) {
    }

    private final ReplicationRepository repo;
    private final ReplicaStores stores;
    private final VaultLookup vaults;
    private final FleetRoster fleet;
    private final JobService jobs;
    private final AuditLog audit;
    private final ReplicationProperties properties;
    private final Random random = new Random();
    private final ExecutorService background = Executors
            .newSingleThreadExecutor(Thread.ofPlatform().name("verify-secondary").daemon().factory());

    SecondaryCopyVerifier(ReplicationRepository repo, ReplicaStores stores, VaultLookup vaults, FleetRoster fleet,
                          JobService jobs, AuditLog audit, ReplicationProperties properties) {
        this.repo = repo;
        this.fleet = fleet;
        this.stores = stores;
        this.vaults = vaults;
        this.jobs = jobs;
        this.audit = audit;
        this.properties = properties;
    }

    /** Runs {@link #verify} on a background thread (the jobs show its progress and outcome). */
    void verifyInBackground(UUID vaultId, String requestedBy) {
        background.submit(() -> {
            try {
                verify(vaultId, requestedBy);
            } catch (RuntimeException e) {
                log.warn("verify of the secondary copy of vault {} failed: {}", vaultId, e.toString());
            }
        });
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** Verifies every server of a vault against its secondary (no user involved: callers check access). */
    public List<Result> verify(UUID vaultId, String requestedBy) {
        Vault vault = vaults.find(vaultId).orElseThrow(() -> new IllegalArgumentException("no vault " + vaultId));
        UUID target = repo.state(vaultId).map(ReplicationRepository.State::targetId).orElse(null);
        if (target == null) {
            throw new IllegalStateException("vault " + vault.name() + " has no secondary copy yet");
        }
        List<Result> results = new ArrayList<>();
        for (UUID serverId : fleet.serversEverIn(vaultId)) {
            var started = jobs.startMaintenance(vaultId, serverId, JobOperation.VERIFY_SECONDARY_COPY, "ON_DEMAND", requestedBy);
            if (started.isEmpty()) {
                results.add(new Result(serverId, null, null, 0, 0, 0, 0, 0, 0,
                        "postponed: the server has a job queued or running"));
                continue;
            }
            Result result;
            try {
                result = verifyServer(vault, target, serverId, started.get());
            } catch (RuntimeException e) {
                log.warn("verify of vault {} server {} stopped: {}", vaultId, serverId, e.toString());
                result = new Result(serverId, started.get(), JobStatus.FAILED, 0, 0, 0, 0, 0, 0,
                        "Verify stopped: " + e.getMessage());
            }
            jobs.finishMaintenance(started.get(), serverId, result.status(), result.detail(), result.compared(), 0);
            audit.recordAs(requestedBy, "replication.verify", "server:" + serverId,
                    result.status() == JobStatus.FAILED ? AuditLog.Outcome.FAILED : AuditLog.Outcome.SUCCESS,
                    result.detail());
            results.add(result);
        }
        return results;
    }

    private Result verifyServer(Vault vault, UUID target, UUID serverId, UUID jobId) {
        ReplicaStores.Area primary = stores.open(vault.locationId(), vault.id(), serverId);
        ReplicaStores.Area secondary = stores.open(target, vault.id(), serverId);
        Map<String, Long> here = primary.list();
        Map<String, Long> there = secondary.list();
        Map<String, ReplicationRepository.Copied> copied = repo.copied(vault.id(), serverId);
        List<String> missing = new ArrayList<>();
        List<String> sizeDiffers = new ArrayList<>();
        List<String> agreeing = new ArrayList<>();
        int waiting = 0;
        for (Map.Entry<String, Long> blob : here.entrySet()) {
            ReplicationRepository.Copied record = copied.get(blob.getKey());
            Long size = there.get(blob.getKey());
            if (record == null || record.size() != blob.getValue()) {
                waiting++;
            } else if (size == null) {
                missing.add(blob.getKey());
            } else if (size.longValue() != blob.getValue()) {
                sizeDiffers.add(blob.getKey());
            } else {
                agreeing.add(blob.getKey());
            }
        }
        Collections.shuffle(agreeing, random);
        List<String> sample = agreeing.subList(0, Math.min(properties.verifySample(), agreeing.size()));
        List<String> hashDiffers = new ArrayList<>();
        for (String name : sample) {
            String a = primary.hash(name);
            String b = secondary.hash(name);
            String last = name.substring(name.lastIndexOf('/') + 1);
            boolean addressed = name.contains("/") && last.matches("[0-9a-f]{64}");
            if (!a.equals(b) || addressed && !b.equals("sha256:" + last)) {
                hashDiffers.add(name);
            }
        }
        boolean bad = !missing.isEmpty() || !sizeDiffers.isEmpty() || !hashDiffers.isEmpty();
        StringBuilder detail = new StringBuilder("Compared ").append(here.size()).append(" blob(s) with the secondary: ")
                .append(missing.size()).append(" missing, ").append(sizeDiffers.size()).append(" of another size, ")
                .append(waiting).append(" not copied yet; read ").append(sample.size())
                .append(" on both sides: ").append(hashDiffers.size()).append(" with different content.");
        List<String> named = new ArrayList<>(missing);
        named.addAll(sizeDiffers);
        named.addAll(hashDiffers);
        if (!named.isEmpty()) {
            detail.append(" Differing: ").append(String.join(", ", named.stream().limit(20).toList()))
                    .append(named.size() > 20 ? " and " + (named.size() - 20) + " more." : ".");
        }
        JobStatus status = bad ? JobStatus.FAILED : waiting > 0 ? JobStatus.COMPLETED_WITH_WARNINGS : JobStatus.COMPLETED;
        return new Result(serverId, jobId, status, here.size(), waiting, missing.size(), sizeDiffers.size(),
                sample.size(), hashDiffers.size(), detail.toString());
    }
}
