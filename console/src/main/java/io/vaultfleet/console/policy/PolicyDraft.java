package io.vaultfleet.console.policy;

import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;

/**
 * What the Schedule Backup wizard collects: items, schedule, retention and throttling. {@link #validate()} reports
 * every problem by field, with MARS's limits in the messages.
 *
 * @param throttle null when the policy does not limit bandwidth
 */
public record PolicyDraft(String name, List<String> items, List<String> include, List<String> exclude,
                          BackupSchedule schedule, RetentionRules retention, NetworkThrottle throttle) {
    public PolicyDraft {
        name = name == null ? "" : name.strip();
        items = items == null ? List.of() : List.copyOf(items);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Throws {@link InvalidInputException} naming each field that is wrong. */
    public PolicyDraft validate() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (name.isEmpty()) {
            problems.put("name", "Give the policy a name.");
        } else if (name.length() > 100) {
            problems.put("name", "The name is longer than 100 characters.");
        } else if (!name.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*")) {
            problems.put("name", "Use letters, digits, spaces, dots, hyphens and underscores, starting with a letter or digit.");
        }
        if (schedule == null) {
            problems.put("schedule", "Choose when backups run.");
        }
        if (retention == null) {
            problems.put("retention", "Choose how long recovery points are kept.");
        }
        if (problems.isEmpty()) {
            try {
                agentPolicy("00000000-0000-0000-0000-000000000000");
            } catch (IllegalArgumentException e) {
                problems.put(e.getMessage().contains("include") || e.getMessage().contains("exclude") ? "include"
                        : "items", capitalized(e.getMessage()));
            }
            if (schedule.frequency() == BackupSchedule.Frequency.WEEKLY && retention.dailyDays() > 0) {
                problems.put("dailyDays", "A weekly schedule keeps no daily recovery points: turn daily retention off "
                        + "or back up daily.");
            }
            if (schedule.frequency() == BackupSchedule.Frequency.WEEKLY && retention.weeklyWeeks() > 0
                    && !schedule.days().contains(retention.weeklyOn())) {
                problems.put("weeklyOn", "The weekly recovery point must fall on a backup day: "
                        + label(retention.weeklyOn()) + " is not one of " + String.join(", ",
                        schedule.days().stream().map(PolicyDraft::label).toList()) + ".");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return this;
    }

    AgentPolicy agentPolicy(String policyId) {
        return new AgentPolicy(policyId, name, items, include, exclude, schedule, throttle);
    }

    static String label(DayOfWeek day) {
        String n = day.name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String capitalized(String message) {
        String m = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return m.endsWith(".") ? m : m + ".";
    }
}
