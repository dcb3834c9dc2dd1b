package io.vaultfleet.agent.repair;

import java.util.ArrayList;
import java.util.List;

/**
 * What a repair did ({@code actions}), what data is gone for good ({@code losses}: files that lost content, recovery
 * points that could not be read), and damage it could not fix ({@code unresolved}). Nothing a repair does is silent.
 */
public final class RepairReport {
    private final List<String> actions = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();
    private final List<String> unresolved = new ArrayList<>();

    public void did(String action) {
        actions.add(action);
    }

    public void lost(String loss) {
        losses.add(loss);
    }

    public void unresolved(String problem) {
        unresolved.add(problem);
    }

    public List<String> actions() {
        return List.copyOf(actions);
    }

    public List<String> losses() {
        return List.copyOf(losses);
    }

    public List<String> unresolved() {
        return List.copyOf(unresolved);
    }
}
