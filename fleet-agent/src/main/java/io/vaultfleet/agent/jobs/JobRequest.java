package io.vaultfleet.agent.jobs;

import java.util.List;

/** One backup to run: from Back Up Now, or from the local schedule (with the policy's exclusions). */
record JobRequest(String jobId, String item, List<String> paths, List<String> excludes) {
}
