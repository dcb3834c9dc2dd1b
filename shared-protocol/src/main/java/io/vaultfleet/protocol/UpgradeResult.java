package io.vaultfleet.protocol;

import java.util.Objects;

/**
 * How an upgrade ended, reported reliably (it may be sent by the new version after a restart, or by the old one after
 * a rollback).
 *
 * @param fromVersion the version that received the offer
 * @param toVersion   the version offered
 * @param outcome     what happened
 * @param detail      why, in words for the admin
 */
@MessageType("upgrade-result")
public record UpgradeResult(String deliveryId, String fromVersion, String toVersion, Outcome outcome, String detail)
        implements AgentMessage, Reliable {
    public enum Outcome {
        /** The new version runs and is connected. */
        UPGRADED,
        /** The package failed a check (hash, signature, content) and was not installed. */
        REJECTED,
        /** The new version did not start or connect; the previous one was put back. */
        ROLLED_BACK
    }

    public UpgradeResult {
        Fields.requireText(deliveryId, "deliveryId", 64);
        Fields.requireText(fromVersion, "fromVersion", 64);
        Fields.requireText(toVersion, "toVersion", 64);
        Objects.requireNonNull(outcome, "outcome is required");
        detail = detail == null ? "" : (detail.length() > 1000 ? detail.substring(0, 1000) : detail);
    }
}
