package io.vaultfleet.console.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobQuery;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.protocol.JobStage;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Back Up Now (one server, several, a whole vault) and Backup jobs: list with the view's filters, one job, cancel. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Jobs", description = "Back Up Now and backup jobs")
class JobsApi {
    /** The steps of an agent's backup in order, as the job page shows them. */
    static final List<JobStage> STAGES = List.of(JobStage.PRECHECK, JobStage.SNAPSHOT, JobStage.UPLOAD, JobStage.FINALIZE);
    static final Set<String> ITEMS = Set.of("FILES_AND_FOLDERS", "SYSTEM_STATE", "SYSTEM_CONFIGURATION");

    private final JobService jobs;

    JobsApi(JobService jobs) {
        this.jobs = jobs;
    }

    /**
     * Back Up Now's choices: the item ({@code FILES_AND_FOLDERS} with {@code paths}, {@code SYSTEM_STATE},
     * {@code SYSTEM_CONFIGURATION}; default files and folders of the policy) and the last day the recovery point is
     * kept ({@code retainUntil}, default 30 days from today).
     */
    record BackUpNow(String item, List<String> paths, LocalDate retainUntil) {
    }

    /** Back Up Now for several servers at once. */
    record BackUpServers(List<UUID> serverIds, String item, List<String> paths, LocalDate retainUntil) {
    }

    /** A stage of a job and where the job is in it. */
    record Stage(JobStage stage, String state) {
    }

    /** One job with its stages. */
    record JobDetail(BackupJob job, List<Stage> stages) {
    }

    @PostMapping(path = "/servers/{serverId}/backup", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Back Up Now for one server (Backup operator at its vault)")
    BackupJob backUpServer(@PathVariable UUID serverId, @RequestBody(required = false) BackUpNow request) {
        BackUpNow r = request == null ? new BackUpNow(null, null, null) : request;
        return jobs.backUpNow(List.of(serverId), item(r.item()), paths(r.paths()), r.retainUntil()).getFirst();
    }

    @PostMapping(path = "/backups", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Back Up Now for several servers: one job each")
    List<BackupJob> backUpServers(@RequestBody BackUpServers request) {
        return jobs.backUpNow(request.serverIds() == null ? List.of() : request.serverIds(), item(request.item()),
                paths(request.paths()), request.retainUntil());
    }

    @PostMapping(path = "/vaults/{vaultId}/backup", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Back Up Now for every server registered in a vault that backs up the item",
            description = "A server backs up the item when its operating system has it (System State on Windows, "
                    + "System configuration on Linux) and, if it has a policy, when the policy protects it; the others "
                    + "are left out. Files and folders without paths back up the folders each server's policy protects. "
                    + "No server backing up the item is a 400 naming why.")
    List<BackupJob> backUpVault(@PathVariable UUID vaultId, @RequestBody(required = false) BackUpNow request) {
        BackUpNow r = request == null ? new BackUpNow(null, null, null) : request;
        return jobs.backUpVault(vaultId, item(r.item()), paths(r.paths()), r.retainUntil());
    }

    @GetMapping("/jobs")
    @Operation(summary = "Backup jobs, newest first, with the Backup jobs view's filters")
    ApiPage<BackupJob> list(@RequestParam(required = false) UUID vaultId, @RequestParam(required = false) UUID serverId,
                            @RequestParam(required = false) String serverName,
                            @RequestParam(required = false) Set<JobStatus> status,
                            @RequestParam(required = false) Instant startedFrom,
                            @RequestParam(required = false) Instant startedUntil,
                            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        if (startedFrom != null && startedUntil != null && !startedFrom.isBefore(startedUntil)) {
            throw new InvalidInputException("startedUntil", "The end of the period must be after its start.");
        }
        JobQuery query = new JobQuery(vaultId, serverId, serverName, status, startedFrom, startedUntil);
        return ApiPage.of(cursor, limit, (offset, count) -> jobs.list(query, offset, count));
    }

    @GetMapping("/jobs/{jobId}")
    @Operation(summary = "One job with its stages")
    JobDetail get(@PathVariable UUID jobId) {
        BackupJob job = jobs.find(jobId).orElseThrow(() -> new InvalidInputException("job", "No such job."));
        return new JobDetail(job, stages(job));
    }

    @PostMapping("/jobs/{jobId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Cancel a running backup (Backup operator)")
    BackupJob cancel(@PathVariable UUID jobId) {
        return jobs.cancel(jobId);
    }

    /** Each stage done, current or pending; a finished job has done them all (those it reached). */
    static List<Stage> stages(BackupJob job) {
        JobStage at = job.stage() == JobStage.WAITING_FOR_STORAGE ? JobStage.UPLOAD : job.stage();
        int current = at == null ? -1 : STAGES.indexOf(at);
        List<Stage> stages = new ArrayList<>(STAGES.size());
        for (int i = 0; i < STAGES.size(); i++) {
            String state;
            if (job.status() == JobStatus.COMPLETED || job.status() == JobStatus.COMPLETED_WITH_WARNINGS) {
                state = "DONE";
            } else if (i < current) {
                state = "DONE";
            } else if (i == current) {
                state = job.status().finished() ? job.status().name() : "CURRENT";
            } else {
                state = "PENDING";
            }
            stages.add(new Stage(STAGES.get(i), state));
        }
        return stages;
    }

    private static String item(String item) {
        if (item == null || item.isBlank()) {
            return "FILES_AND_FOLDERS";
        }
        if (!ITEMS.contains(item)) {
            throw new InvalidInputException("item", "The item must be one of FILES_AND_FOLDERS, SYSTEM_STATE, "
                    + "SYSTEM_CONFIGURATION.");
        }
        return item;
    }

    private static List<String> paths(List<String> paths) {
        return paths == null ? List.of() : paths.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList();
    }
}
