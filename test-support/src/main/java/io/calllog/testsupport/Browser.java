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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium for the dashboard's browser tests, from where the build can get one: a Selenium container where
 * Docker answers (as the database servers, {@link DockerDetection}), otherwise the machine's Chromium and its driver
 * (Debian's {@code chromium} and {@code chromium-driver}), which it installs with apt-get when they are missing and
 * it runs as root. Otherwise it fails, naming the packages to install. Nothing is downloaded by Selenium itself: the
 * driver is given, so Selenium Manager never runs.
 */
public final class Browser implements AutoCloseable {

    static final List<String> PACKAGES = List.of("chromium", "chromium-driver");
    static final Path INSTALL_LOG = Path.of("target", "chromium-install.log");
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
        Path chromium = installed(CHROMIUMS);
        Path driver = installed(DRIVERS);
        if (chromium == null || driver == null) {
            install();
            chromium = installed(CHROMIUMS);
            driver = installed(DRIVERS);
            if (chromium == null || driver == null) {
                throw new IllegalStateException("apt-get installed " + String.join(" ", PACKAGES)
                        + ", but no chromium or chromedriver is where Debian puts them: " + CHROMIUMS + ", " + DRIVERS);
            }
        }
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

    private static Path installed(List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** {@code apt-get install chromium chromium-driver}, after an update when the package lists are stale. */
    private static void install() {
        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException("The dashboard's browser tests need Chromium: install Debian's packages "
                    + String.join(" and ", PACKAGES) + " (apt-get install " + String.join(" ", PACKAGES)
                    + "), or run where Docker answers. This build installs them itself only as root with apt-get.");
        }
        List<String> install = new java.util.ArrayList<>(List.of("apt-get", "install", "-y", "-q",
                "--no-install-recommends"));
        install.addAll(PACKAGES);
        if (run(install) != 0 && (run(List.of("apt-get", "update", "-q")) != 0 || run(install) != 0)) {
            throw new IllegalStateException("apt-get could not install " + String.join(" ", PACKAGES)
                    + ": install them by hand (apt-get's output is in " + INSTALL_LOG.toAbsolutePath() + ")");
        }
    }

    /** Runs a command, its output appended to {@link #INSTALL_LOG} (a test JVM's own output is its runner's channel). */
    private static int run(List<String> command) {
        try {
            Files.createDirectories(INSTALL_LOG.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(INSTALL_LOG.toFile()));
            System.out.println("Installing Chromium for the browser tests: " + String.join(" ", command) + " (output in "
                    + INSTALL_LOG.toAbsolutePath() + ")");
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
