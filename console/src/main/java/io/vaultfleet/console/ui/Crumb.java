package io.vaultfleet.console.ui;

/** One step in the breadcrumb trail: a label and, unless it is the current page, the route it links to. */
public record Crumb(String label, String route) {
    public static Crumb here(String label) {
        return new Crumb(label, null);
    }
}
