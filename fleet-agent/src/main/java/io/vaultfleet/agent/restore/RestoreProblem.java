package io.vaultfleet.agent.restore;

import java.util.List;

/** Something that kept files from being restored in full: what is damaged and which files it affects. */
public record RestoreProblem(String what, List<String> affectedFiles) {
}
