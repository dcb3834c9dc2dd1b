package io.vaultfleet.console.policy;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vaultfleet.console.platform.InvalidInputException;

/**
 * GFS retention within MARS's limits. Each tier is off (0) or within its range: daily 7–9,999 days, weekly 4–5,163
 * weeks, monthly 3–1,188 months, yearly 1–99 years; at least one tier is on. The weekly point is the first scheduled
 * backup of {@code weeklyOn}; the monthly one the first of day {@code monthlyOnDay} (1–28, so every month has it);
 * the yearly one the first of {@code yearlyOnDay} of {@code yearlyIn}. A tier's point that failed is taken by the
 * next successful scheduled backup of the same week, month or year.
 */
public record RetentionRules(int dailyDays, int weeklyWeeks, DayOfWeek weeklyOn, int monthlyMonths, int monthlyOnDay,
                             int yearlyYears, Month yearlyIn, int yearlyOnDay) {
    public static final int DAILY_MIN = 7, DAILY_MAX = 9_999;
    public static final int WEEKLY_MIN = 4, WEEKLY_MAX = 5_163;
    public static final int MONTHLY_MIN = 3, MONTHLY_MAX = 1_188;
    public static final int YEARLY_MIN = 1, YEARLY_MAX = 99;

    public RetentionRules {
        Map<String, String> problems = problems(dailyDays, weeklyWeeks, weeklyOn, monthlyMonths, monthlyOnDay,
                yearlyYears, yearlyIn, yearlyOnDay);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** Daily only, as MARS's default (180 days at one daily time in newer agents; here any allowed number). */
    public static RetentionRules daily(int days) {
        return new RetentionRules(days, 0, DayOfWeek.SUNDAY, 0, 1, 0, Month.JANUARY, 1);
    }

    public RetentionRules withWeekly(int weeks, DayOfWeek on) {
        return new RetentionRules(dailyDays, weeks, on, monthlyMonths, monthlyOnDay, yearlyYears, yearlyIn, yearlyOnDay);
    }

    public RetentionRules withMonthly(int months, int onDay) {
        return new RetentionRules(dailyDays, weeklyWeeks, weeklyOn, months, onDay, yearlyYears, yearlyIn, yearlyOnDay);
    }

    public RetentionRules withYearly(int years, Month in, int onDay) {
        return new RetentionRules(dailyDays, weeklyWeeks, weeklyOn, monthlyMonths, monthlyOnDay, years, in, onDay);
    }

    /** The messages, by field, for values outside MARS's limits; empty when all are fine. Forms call this as you type. */
    public static Map<String, String> problems(int dailyDays, int weeklyWeeks, DayOfWeek weeklyOn, int monthlyMonths,
                                               int monthlyOnDay, int yearlyYears, Month yearlyIn, int yearlyOnDay) {
        Map<String, String> problems = new LinkedHashMap<>();
        range(problems, "dailyDays", "Daily retention", dailyDays, DAILY_MIN, DAILY_MAX, "days");
        range(problems, "weeklyWeeks", "Weekly retention", weeklyWeeks, WEEKLY_MIN, WEEKLY_MAX, "weeks");
        range(problems, "monthlyMonths", "Monthly retention", monthlyMonths, MONTHLY_MIN, MONTHLY_MAX, "months");
        range(problems, "yearlyYears", "Yearly retention", yearlyYears, YEARLY_MIN, YEARLY_MAX, "years");
        if (dailyDays == 0 && weeklyWeeks == 0 && monthlyMonths == 0 && yearlyYears == 0) {
            problems.put("dailyDays", "Keep at least one kind of recovery point (daily, weekly, monthly or yearly).");
        }
        if (weeklyWeeks > 0 && weeklyOn == null) {
            problems.put("weeklyOn", "Choose the day of the week whose backup is kept as the weekly point.");
        }
        if (monthlyMonths > 0 && (monthlyOnDay < 1 || monthlyOnDay > 28)) {
            problems.put("monthlyOnDay", "The monthly point's day must be 1–28, so that every month has it.");
        }
        if (yearlyYears > 0 && yearlyIn == null) {
            problems.put("yearlyIn", "Choose the month whose backup is kept as the yearly point.");
        }
        if (yearlyYears > 0 && (yearlyOnDay < 1 || yearlyOnDay > 28)) {
            problems.put("yearlyOnDay", "The yearly point's day must be 1–28.");
        }
        return problems;
    }

    private static void range(Map<String, String> problems, String field, String label, int value, int min, int max,
                              String unit) {
        if (value != 0 && (value < min || value > max)) {
            problems.put(field, String.format("%s must be %,d–%,d %s (or off), not %,d.", label, min, max, unit, value));
        }
    }
}
