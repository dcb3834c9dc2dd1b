package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** One vault: overview, Backup goal, Backup Configuration, Security settings, and the way to Prepare infrastructure. */
public final class VaultPage {
    private final Browser browser;

    private VaultPage(Browser browser) {
        this.browser = browser;
    }

    static VaultPage expect(Browser browser, String vaultName) {
        browser.waitUntil(d -> d.findElements(By.cssSelector(".view-header h2")).stream()
                .anyMatch(h -> h.getText().trim().equals(vaultName)));
        browser.waitForVaadin();
        return new VaultPage(browser);
    }

    /** For a vault opened by URL. */
    public static VaultPage expectOpen(Browser browser, String vaultName) {
        return expect(browser, vaultName);
    }

    /** The message shown instead of a vault the user may not see (or that does not exist). */
    public static String unavailableMessage(Browser browser) {
        return Fields.text(browser, "vault-unavailable");
    }

    /** The text of the newest notification toast (e.g. "Deployment succeeded: …"). */
    public String notification() {
        return Fields.notification(browser);
    }

    private VaultPage section(String key) {
        Fields.click(browser, "vault-nav-" + key);
        browser.waitUntil(d -> d.findElement(By.id("vault-nav-" + key)).getAttribute("class").contains("selected"));
        return this;
    }

    public VaultPage overview() {
        return section("overview");
    }

    /** A number on the overview, by card: protected-servers, recovery-points, storage-used, jobs, alerts. */
    public String overviewValue(String card) {
        return Fields.byId(browser, "overview-" + card).findElement(By.cssSelector(".card-value")).getText().trim();
    }

    public String essentials() {
        return browser.driver().findElement(By.cssSelector(".vault-essentials")).getText();
    }

    public VaultPage backupConfiguration() {
        return section("backup-configuration");
    }

    public List<String> redundancyOptions() {
        return Fields.optionLabels(browser, "redundancy-options", "vaadin-radio-button");
    }

    /** Chooses a storage replication type by its label and saves; returns the outcome message. */
    public String changeRedundancy(String label) {
        Fields.pick(browser, "redundancy-options", "vaadin-radio-button", label);
        Fields.click(browser, "redundancy-save");
        return Fields.text(browser, "redundancy-message");
    }

    public boolean redundancyRefused() {
        return "refused".equals(Fields.byId(browser, "redundancy-message").getAttribute("data-outcome"));
    }

    public String redundancyLockBanner() {
        return Fields.present(browser, "redundancy-locked") ? Fields.text(browser, "redundancy-locked") : "";
    }

    public VaultPage securitySettings() {
        return section("security");
    }

    public String softDeleteStatus() {
        return Fields.text(browser, "soft-delete-status");
    }

    /** First owner: asks to disable soft delete. */
    public VaultPage requestSoftDeleteOff() {
        Fields.click(browser, "soft-delete-disable");
        Fields.byId(browser, "soft-delete-pending");
        return this;
    }

    public String softDeletePending() {
        return Fields.present(browser, "soft-delete-pending") ? Fields.text(browser, "soft-delete-pending") : "";
    }

    public boolean canConfirmSoftDeleteOff() {
        return Fields.present(browser, "soft-delete-confirm");
    }

    /** A different owner: confirms disabling soft delete. */
    public VaultPage confirmSoftDeleteOff() {
        Fields.click(browser, "soft-delete-confirm");
        browser.waitUntil(d -> "false".equals(d.findElement(By.id("soft-delete-status")).getAttribute("data-enabled")));
        return this;
    }

    public VaultPage backupGoal() {
        return section("backup-goal");
    }

    public boolean workloadSelectable(String label) {
        return Fields.enabled(browser, "goal-workload", "vaadin-radio-button", label);
    }

    public boolean itemSelectable(String label) {
        return Fields.enabled(browser, "goal-items", "vaadin-checkbox", label);
    }

    public List<String> itemLabels() {
        return Fields.optionLabels(browser, "goal-items", "vaadin-checkbox");
    }

    /** Picks where the workload runs and what to back up, presses OK and lands on Prepare infrastructure. */
    public PrepareInfrastructurePage chooseGoal(String workload, String... items) {
        Fields.pick(browser, "goal-workload", "vaadin-radio-button", workload);
        for (String item : items) {
            Fields.pick(browser, "goal-items", "vaadin-checkbox", item);
        }
        Fields.click(browser, "goal-ok-button");
        return PrepareInfrastructurePage.expect(browser);
    }

    public PrepareInfrastructurePage prepareInfrastructure() {
        Fields.click(browser, "vault-nav-prepare-infrastructure");
        return PrepareInfrastructurePage.expect(browser);
    }

    public void reload() {
        browser.driver().navigate().refresh();
        browser.waitForVaadin();
        WebElement header = browser.waitUntil(d -> d.findElements(By.cssSelector(".view-header h2")).stream()
                .findFirst().orElse(null));
        header.isDisplayed();
    }
}
