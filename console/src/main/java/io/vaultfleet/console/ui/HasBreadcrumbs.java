package io.vaultfleet.console.ui;

import java.util.List;

/** A view that names its place in the console, shown by the main layout as a breadcrumb trail after "Home". */
public interface HasBreadcrumbs {
    List<Crumb> breadcrumbs();
}
