package io.calllog.testsupport;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.testcontainers.containers.BrowserWebDriverContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A headless Chromium for the dashboard's browser tests, from where the build can get one: a Selenium container where
 * Docker answers (as the database servers, {@link DockerDetection}), otherwise the machine's Chromium and its driver
 * (Debian's {@code chromium} and {@code chromium-driver}), installed when they are missing ({@link DebianPackages}).
 * Nothing is downloaded by Selenium itself: the
 * driver is given, so Selenium Manager never runs.
 */
public final class Browser implements AutoCloseable {

    static final List<String> PACKAGES = List.of("chromium", "chromium-driver");
    private static final List<Path> CHROMIUMS = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"));
    private static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"),
            Path.of("/usr/lib/chromium/chromedriver"));

    private final WebDriver driver;
    private final String baseUrl;
    private final AutoCloseable container;
    private final Path profile;

    private Browser(WebDriver driver, String baseUrl, AutoCloseable container, Path profile) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.container = container;
        this.profile = profile;
    }

    /** A browser that reaches the application on {@code localhost:port} at {@link #url(String)}. */
    public static Browser reaching(int port) {
        if (DockerDetection.useTestcontainers()) {
            org.testcontainers.Testcontainers.exposeHostPorts(port);
            BrowserWebDriverContainer<?> container = new BrowserWebDriverContainer<>()
                    .withCapabilities(options());
            container.start();
            return new Browser(new RemoteWebDriver(container.getSeleniumAddress(), options()),
                    "http://host.testcontainers.internal:" + port, container, null);
        }
        List<Path> programs = DebianPackages.require(List.of(CHROMIUMS, DRIVERS), PACKAGES,
                "The dashboard's browser tests");
        Path chromium = programs.get(0);
        Path driver = programs.get(1);
        try {
            Path profile = Files.createTempDirectory("calllog-chromium-");
            ChromeOptions options = options();
            options.setBinary(chromium.toFile());
            options.addArguments("--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                    .usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), "http://localhost:" + port, null, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        // headless, as root in a container or CI machine (no sandbox there), and quiet: no update checks, no sync,
        // no first-run pages, nothing fetched from the network but the application under test
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-first-run", "--window-size=1280,900", "--lang=en-US");
        return options;
    }

    public WebDriver driver() {
        return driver;
    }

    /** The application's URL of a path, as this browser reaches it. */
    public String url(String path) {
        return baseUrl + path;
    }

    /** Saves what the browser shows as a PNG. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            if (container != null) {
                container.close();
            }
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
