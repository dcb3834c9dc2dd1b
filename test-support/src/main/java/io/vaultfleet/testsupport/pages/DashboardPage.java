package io.vaultfleet.testsupport.pages;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** The dashboard ({@code /}, or {@code /?vault=<id>} for one vault): its numbers and charts. */
public final class DashboardPage {
    private final Browser browser;

    private DashboardPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the dashboard at {@code path} ("" for all vaults, "?vault=<id>" for one). */
    public static DashboardPage open(Browser browser, String path) {
        browser.open(path);
        browser.waitUntil(d -> !d.findElements(By.id("tile-online")).isEmpty()
                && !d.findElement(By.id("tile-online")).getText().isBlank());
        return new DashboardPage(browser);
    }

    /** The number on a tile, e.g. {@code number("failed-24h")}; thousands separators removed. */
    public long number(String tile) {
        String text = browser.driver().findElement(By.id("tile-" + tile)).getText().replaceAll("[^0-9]", "");
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    /** Waits, without reloading the page, until a tile shows {@code expected}. */
    public void waitForNumber(String tile, long expected, Duration timeout) {
        browser.waitUntil(d -> number(tile) == expected, timeout);
    }

    /** How many times Chart.js drew the chart (the web component counts its renders). */
    public int chartRenders(String chartId) {
        WebElement chart = browser.driver().findElement(By.id(chartId));
        String rendered = chart.getDomAttribute("data-rendered");
        boolean canvas = !chart.findElements(By.tagName("canvas")).isEmpty();
        return rendered == null || !canvas ? 0 : Integer.parseInt(rendered);
    }

    /** Follows a tile to the list behind it; returns the URL opened. */
    public String openTile(String tile) {
        WebElement value = browser.driver().findElement(By.id("tile-" + tile));
        WebElement link = value.findElement(By.xpath("./ancestor::a[1]"));
        browser.script("arguments[0].click();", link);
        browser.waitForVaadin();
        return browser.driver().getCurrentUrl();
    }

    public void plantReloadMarker() {
        browser.script("window.__vfNoReload = true;");
    }

    public boolean reloadMarkerPresent() {
        return Boolean.TRUE.equals(browser.script("return window.__vfNoReload === true;"));
    }
}
