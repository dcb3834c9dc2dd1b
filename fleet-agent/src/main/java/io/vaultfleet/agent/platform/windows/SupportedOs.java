package io.vaultfleet.agent.platform.windows;

/**
 * Whether this Windows gets System State backup: Windows Server 2012 R2 (6.3) and every Windows Server since
 * (2016, 2019, 2022, 2025 and later builds of 10.0) do; Windows 10/11 clients, Windows Server 2012, 2008 R2 and
 * 2008 SP2 do not (files and folders only), each with the reason the console shows. Decided from registry values
 * read through {@link RegistryReader}; only tested with recorded outputs (recorded registry values of each version).
 */
public final class SupportedOs {
    private SupportedOs() {
    }

    /** The decision, the product as the admin knows it and the reason when System State is not offered. */
    public record Decision(boolean systemStateSupported, String product, String reason) {
    }

    public static Decision decide(RegistryReader registry) {
        return decide(WindowsEdition.read(registry));
    }

    public static Decision decide(WindowsEdition os) {
        String product = displayName(os);
        if (!os.isServer()) {
            return new Decision(false, product, product + " is a client edition of Windows: System State backup is offered "
                    + "only on Windows Server 2012 R2 or later (files and folders can be backed up)");
        }
        if (os.major() >= 10 || (os.major() == 6 && os.minor() >= 3)) {
            return new Decision(true, product, product + " (" + os.version() + ") is supported for System State, files and folders");
        }
        return new Decision(false, product, product + " (" + os.version() + ") is older than Windows Server 2012 R2: "
                + "System State backup is not offered on it (files and folders can be backed up); "
                + "upgrade to Windows Server 2012 R2 or later to protect System State");
    }

    /** Windows 11 still says "Windows 10" in ProductName; the build number tells them apart. */
    static String displayName(WindowsEdition os) {
        if (!os.isServer()) {
            String name = os.build() >= 22000 ? os.productName().replace("Windows 10", "Windows 11") : os.productName();
            return name.isBlank() ? "Windows client" : name;
        }
        String name = os.productName().isBlank() ? "Windows Server" : os.productName();
        if (os.major() >= 10 && !name.matches(".*20\\d\\d.*")) {
            name = name + " (" + serverRelease(os.build()) + ")";
        }
        if (!os.servicePack().isBlank() && !name.contains(os.servicePack())) {
            name = name + " " + os.servicePack();
        }
        return os.isServerCore() ? name + " (Server Core)" : name;
    }

    private static String serverRelease(int build) {
        if (build >= 26100) {
            return "Windows Server 2025 or later";
        }
        if (build >= 20348) {
            return "Windows Server 2022";
        }
        if (build >= 17763) {
            return "Windows Server 2019";
        }
        return "Windows Server 2016";
    }
}
