package io.vaultfleet.agent.platform.windows;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * What {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion} (and {@code ProductOptions\ProductType}) say about
 * this Windows. Only tested with recorded outputs (recorded registry values per Windows version).
 */
public record WindowsEdition(String productName, int major, int minor, int build, String installationType,
                             String editionId, String servicePack, String productType) {
    static final String CURRENT_VERSION = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static final String PRODUCT_OPTIONS = "SYSTEM\\CurrentControlSet\\Control\\ProductOptions";

    /** Reads the values. Missing ones are empty strings or 0; Windows before 10 has no CurrentMajorVersionNumber. */
    public static WindowsEdition read(RegistryReader registry) {
        String product = registry.string(CURRENT_VERSION, "ProductName").orElse("");
        OptionalInt majorDword = registry.dword(CURRENT_VERSION, "CurrentMajorVersionNumber");
        int major;
        int minor;
        if (majorDword.isPresent()) {
            major = majorDword.getAsInt();
            minor = registry.dword(CURRENT_VERSION, "CurrentMinorVersionNumber").orElse(0);
        } else {
            // "6.3" on 2012 R2 (and frozen at "6.3" on 10+, which is why the DWORDs win when present)
            String[] parts = registry.string(CURRENT_VERSION, "CurrentVersion").orElse("0.0").split("\\.");
            major = parseOr0(parts[0]);
            minor = parts.length > 1 ? parseOr0(parts[1]) : 0;
        }
        int build = parseOr0(registry.string(CURRENT_VERSION, "CurrentBuildNumber")
                .or(() -> registry.string(CURRENT_VERSION, "CurrentBuild")).orElse("0"));
        return new WindowsEdition(product, major, minor, build,
                registry.string(CURRENT_VERSION, "InstallationType").orElse(""),
                registry.string(CURRENT_VERSION, "EditionID").orElse(""),
                registry.string(CURRENT_VERSION, "CSDVersion").orElse(""),
                registry.string(PRODUCT_OPTIONS, "ProductType").orElse(""));
    }

    /** Server SKU: InstallationType says so, else ProductType (ServerNT, LanmanNT), else EditionID / ProductName. */
    public boolean isServer() {
        String type = installationType.toLowerCase(Locale.ROOT);
        if (!type.isEmpty()) {
            return type.startsWith("server"); // "Server", "Server Core"
        }
        if (!productType.isEmpty()) {
            return !productType.equalsIgnoreCase("WinNT");
        }
        return editionId.startsWith("Server") || productName.contains("Server");
    }

    public boolean isServerCore() {
        return installationType.equalsIgnoreCase("Server Core");
    }

    /** ProductType LanmanNT: this server is a domain controller (System State restore then needs DSRM). */
    public boolean isDomainController() {
        return productType.equalsIgnoreCase("LanmanNT");
    }

    public String version() {
        return major + "." + minor + "." + build;
    }

    private static int parseOr0(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
