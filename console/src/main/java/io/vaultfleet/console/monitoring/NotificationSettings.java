package io.vaultfleet.console.monitoring;

import java.util.List;
import java.util.UUID;

/**
 * Who hears about a vault's alerts. The webhook secret is never part of it: only whether one is set.
 *
 * @param dailyDigest e-mail recipients get one message a day listing the alerts, instead of one per alert
 */
public record NotificationSettings(UUID vaultId, List<String> emailRecipients, boolean dailyDigest, String webhookUrl,
                                   boolean webhookSecretSet) {
    public static NotificationSettings none(UUID vaultId) {
        return new NotificationSettings(vaultId, List.of(), false, null, false);
    }

    public boolean emailsEachAlert() {
        return !emailRecipients.isEmpty() && !dailyDigest;
    }

    public boolean hasWebhook() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }
}
