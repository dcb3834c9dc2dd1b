package io.vaultfleet.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the agent software: {@code major.minor.patch} with an optional qualifier ({@code -SNAPSHOT},
 * {@code -rc1}). A qualified version comes before the release of the same number, so {@code 0.2.0-SNAPSHOT} is below
 * a minimum of {@code 0.2.0}.
 */
public record AgentVersion(int major, int minor, int patch, String qualifier) implements Comparable<AgentVersion> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})(?:[-.+]([0-9A-Za-z.-]{1,32}))?");

    public AgentVersion {
        qualifier = qualifier == null ? "" : qualifier;
    }

    /** Parses a version; throws {@link IllegalArgumentException} naming the expected form. */
    public static AgentVersion parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version like 1.2.3 or 1.2.3-SNAPSHOT");
        }
        return new AgentVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4));
    }

    public boolean isBelow(AgentVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(AgentVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c == 0 && !qualifier.equals(o.qualifier)) {
            if (qualifier.isEmpty()) {
                return 1;
            }
            if (o.qualifier.isEmpty()) {
                return -1;
            }
            c = qualifier.compareTo(o.qualifier);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (qualifier.isEmpty() ? "" : "-" + qualifier);
    }
}
