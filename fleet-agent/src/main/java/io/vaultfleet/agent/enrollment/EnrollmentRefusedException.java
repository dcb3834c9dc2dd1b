package io.vaultfleet.agent.enrollment;

import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;

/** The console refused the registration; the message is the console's, meant for the admin. */
public final class EnrollmentRefusedException extends RuntimeException {
    private final EnrollmentRefusal refusal;

    public EnrollmentRefusedException(EnrollmentRefusal refusal) {
        super("the console refused the registration (" + refusal.reason() + "): " + refusal.message());
        this.refusal = refusal;
    }

    public EnrollmentRefusal refusal() {
        return refusal;
    }
}
