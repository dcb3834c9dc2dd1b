package io.vaultfleet.agent.platform;

/** Whether the agent runs with administrator rights, and what to tell the admin when it does not. */
public interface Elevation {
    boolean isElevated();

    /** One sentence for the admin: why the agent needs the rights and how to give them. */
    String notElevatedMessage();
}
