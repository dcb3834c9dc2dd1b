/**
 * The console's shared UI: the app shell, the portal-like main layout (side navigation, header with the signed-in
 * user, breadcrumbs, notifications), and small helpers every view uses. Depends on no feature: views register
 * themselves in the navigation with {@code @Menu} and publish {@link io.vaultfleet.console.ui.ConsoleNotice}s.
 */
package io.vaultfleet.console.ui;
