package io.vaultfleet.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through Debian's chromedriver: nothing is downloaded (no Selenium Manager). Each browser
 * gets a fresh profile folder, deleted on {@link #close()}.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path profile, String baseUrl, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
        this.downloads = downloads;
    }

    /** Starts a browser whose relative navigation goes to {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}). */
    public static Browser start(String baseUrl) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver "
                    + "(build-tools/ensure-tools.sh browser installs them)");
        }
        System.setProperty("webdriver.http.factory", "jdk-http-client");
        Path profile;
        try {
            profile = Files.createTempDirectory("vf-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path downloads = profile.resolve("downloads");
        try {
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        // downloads land in the profile's own folder, without asking
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", true));
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                downloads);
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Opens a console path such as {@code "servers"} and waits until Vaadin has rendered it. */
    public void open(String path) {
        driver.get(baseUrl + "/" + (path.startsWith("/") ? path.substring(1) : path));
        waitForVaadin();
    }

    public <T> T waitUntil(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(condition, Duration.ofSeconds(20));
    }

    /**
     * Clicks as a person does, after scrolling the element to the middle of the window: with many rows above it (a
     * console full of other tests' data) it may otherwise sit under the window's bottom edge or a fixed overlay.
     */
    public void click(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element);
        element.click();
    }

    /** Waits until every Vaadin client on the page is idle (no request in flight). */
    public void waitForVaadin() {
        waitUntil(d -> (Boolean) ((JavascriptExecutor) d).executeScript("""
                if (document.readyState !== 'complete') return false;
                const v = window.Vaadin;
                if (!v || !v.Flow || !v.Flow.clients) return true;
                return Object.values(v.Flow.clients).every(c => !c.isActive || !c.isActive());"""));
    }

    /** The folder this browser saves downloads in (deleted with the profile on {@link #close()}). */
    public Path downloads() {
        return downloads;
    }

    /**
     * Waits until a download whose file name matches {@code glob} (e.g. {@code "*.zip"}) is complete, and returns
     * it. Files present before {@code since} (a listing from {@link #downloadedFiles()}) are ignored.
     */
    public Path waitForDownload(String glob, Set<Path> since, Duration timeout) {
        var matcher = downloads.getFileSystem().getPathMatcher("glob:" + glob);
        return waitUntil(d -> downloadedFiles().stream()
                .filter(p -> !since.contains(p) && matcher.matches(p.getFileName()))
                .filter(p -> !p.getFileName().toString().endsWith(".crdownload"))
                .findFirst().orElse(null), timeout);
    }

    /** The completed and in-progress files in the download folder now. */
    public Set<Path> downloadedFiles() {
        try (var files = Files.list(downloads)) {
            return files.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves a PNG of the current page (for debugging failures and for docs). */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TempFolders.delete(profile);
        }
    }
}
