package io.vaultfleet.agent.recovery;

/** Keeps secrets out of what the agent says: a SAS token in a URL becomes {@code ?…}. */
final class Secrets {
    private Secrets() {
    }

    static String redact(String text) {
        return text == null ? "" : text.replaceAll("\\?[^\\s'\"]*", "?…");
    }
}
