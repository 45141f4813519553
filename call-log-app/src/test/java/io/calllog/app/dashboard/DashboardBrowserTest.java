package io.calllog.app.dashboard;

import io.calllog.testsupport.ApiClient;
import io.calllog.testsupport.Browser;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium, {@link Browser}) against the all-in-one app on real database
 * servers: signing in and out, the calls page's filters and search, a running call's page growing without a reload,
 * a campaign's charts, a replay's progress bar, and the pages' reach (keyboard, phone, size). Each page is saved as
 * a screenshot under {@code target/dashboard-screenshots} (docs/dashboard.md shows them). Waits are for what the page
 * shows, never for a time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final String CAMPAIGN = "campaign_spring_sale";
    static final String LIVE_CAMPAIGN = "campaign_live";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @LocalServerPort
    int port;

    Browser browser;
    WebDriver page;
    ApiClient api;

    @BeforeAll
    void openTheBrowserOnACampaign() {
        api = new ApiClient(port);
        CampaignCalls.record(api, CAMPAIGN);
        browser = Browser.reaching(port);
        page = browser.driver();
    }

    @AfterAll
    void closeTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedOut() {
        page.get(browser.url("/sign-in"));
        page.manage().deleteAllCookies();
        page.get(browser.url("/sign-in")); // a new session, and its form's CSRF token
        page.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    void aReadKeySignsInFiltersAndSearchesTheCalls() {
        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN));
        assertThat(page.getCurrentUrl()).contains("/sign-in");
        browser.screenshot(SCREENSHOTS.resolve("sign-in.png"));

        signIn("not-a-key-of-this-service");
        assertThat(page.findElement(By.cssSelector("[role=alert]")).getText()).contains("not a key");
        signIn(TestApiKeys.READ);
        // back where the browser was going, with its filter
        assertThat(page.getCurrentUrl()).endsWith("/calls?campaignUuid=" + CAMPAIGN);
        assertThat(total()).isEqualTo(CampaignCalls.CALLS);
        assertThat(page.findElements(By.linkText("Projections"))).isEmpty();

        new Select(page.findElement(By.id("status"))).selectByValue("no-answer");
        page.findElement(By.cssSelector(".filters button[type=submit]")).click();
        wait(ExpectedConditions.urlContains("status=no-answer"));
        assertThat(page.getCurrentUrl()).contains("campaignUuid=" + CAMPAIGN);
        assertThat(total()).isEqualTo(CampaignCalls.NO_ANSWER);
        assertThat(statuses()).containsOnly("no answer");

        new Select(page.findElement(By.id("status"))).selectByValue("");
        WebElement search = page.findElement(By.id("q"));
        search.sendKeys("\"spring promotion\"", Keys.ENTER);
        wait(ExpectedConditions.urlContains("q="));
        assertThat(total()).isEqualTo(CampaignCalls.PROMOTION);
        assertThat(page.findElements(By.cssSelector("tr.matches mark")))
                .extracting(WebElement::getText).allMatch(hit -> hit.equalsIgnoreCase("spring promotion"));

        // a link reproduces the view
        String view = page.getCurrentUrl();
        page.get(view);
        assertThat(total()).isEqualTo(CampaignCalls.PROMOTION);
        assertThat(page.findElement(By.id("q")).getDomProperty("value")).isEqualTo("\"spring promotion\"");

        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN + "&minDuration=abc"));
        assertThat(page.findElement(By.id("minDuration-error")).getText()).isEqualTo("must be a number");
        assertThat(page.findElement(By.id("minDuration")).getDomAttribute("value")).isEqualTo("abc"); // as typed
        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN + "&from=yesterday&minCost=2&maxCost=1"));
        assertThat(page.findElement(By.id("from-error")).getText()).contains("must be a date and time");
        assertThat(page.findElement(By.id("from")).getDomAttribute("aria-invalid")).isEqualTo("true");

        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN));
        assertThat(page.findElement(By.cssSelector("a.export[href*='format=csv']")).getDomAttribute("href"))
                .contains("campaignUuid=" + CAMPAIGN);
        browser.screenshot(SCREENSHOTS.resolve("calls.png"));
    }

    @Test
    void aRunningCallsRowAndPageFollowTheCallWithoutAReload() {
        String running = "call_browser_running";
        String listed = "call_browser_listed";
        CampaignCalls.start(api, running, LIVE_CAMPAIGN, "Good morning, this is Sarah from Call Camp.");
        CampaignCalls.start(api, listed, LIVE_CAMPAIGN, "Hello?");
        signIn(TestApiKeys.READ);

        // the calls page: a running call's row is live, and follows the call
        page.get(browser.url("/calls?campaignUuid=" + LIVE_CAMPAIGN + "&status=in-progress"));
        assertThat(page.findElement(By.id("call-" + listed)).getDomAttribute("class")).contains("live");
        markThePage();
        api.postEvent(listed, """
                {"type":"completed","status":"busy","duration":3,"cost":0.01}""");
        wait(driver -> driver.findElement(By.cssSelector("#call-" + listed + " .status")).getText().equals("busy"));
        assertThat(page.findElement(By.id("call-" + listed)).getDomAttribute("class")).isNull(); // no longer live
        assertThePageWasNotReloaded();

        // a running call's page: the conversation grows as lines are posted, then the call ends
        page.findElement(By.linkText(running)).click();
        wait(ExpectedConditions.textToBe(By.id("status"), "in progress"));
        markThePage();
        api.postEvent(running, """
                {"type":"transcript","seq":1,"role":"user","text":"Morning! Is this about the spring promotion?"}""");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "Is this about the spring"));
        api.postEvent(running, """
                {"type":"transcript","seq":2,"role":"assistant","text":"It is: twenty percent off until Sunday."}""");
        api.postEvent(running, """
                {"type":"completed","status":"completed","duration":95,"cost":0.31,
                 "recordingUrl":"https://storage.callcamp.example/recordings/call_browser_running.mp3"}""");
        api.postEvent(running, """
                {"type":"summarized","summary":"The caller asked about the spring promotion."}""");
        wait(ExpectedConditions.textToBe(By.id("status"), "completed"));
        wait(ExpectedConditions.textToBe(By.id("summary"), "The caller asked about the spring promotion."));
        assertThePageWasNotReloaded();
        // read within a wait: a late signal may still swap the part in while it is read
        List<String> turns = wait(driver -> texts(driver, "#conversation .turn", 3));
        assertThat(turns.get(2)).contains("twenty percent off");
        String recording = wait(driver -> driver.findElement(By.id("recording")).getDomAttribute("src"));
        assertThat(recording).endsWith("call_browser_running.mp3");
        List<String> timeline = wait(driver -> texts(driver, ".timeline li", 6));
        assertThat(timeline.get(5)).contains("summarized");
        browser.screenshot(SCREENSHOTS.resolve("call.png"));
    }

    @Test
    void anErasedCallsPageSaysSoAndShowsNoneOfWhatWasSaid() {
        String erased = CAMPAIGN + "_d1_answered";
        assertThat(api.request("POST", "/api/calls/" + erased + "/erasure", "application/json",
                "{\"reason\":\"the caller asked\"}").status()).isBetween(200, 299);
        signIn(TestApiKeys.READ);
        page.get(browser.url("/calls/" + erased));
        assertThat(page.findElement(By.cssSelector(".erased")).getText()).contains("personal data was erased");
        assertThat(page.findElements(By.cssSelector("#conversation .turn p"))).extracting(WebElement::getText)
                .containsOnly("[erased]");
        assertThat(page.getPageSource()).doesNotContain("summer offer");
        assertThat(page.findElements(By.cssSelector(".timeline li"))).extracting(WebElement::getText)
                .last().asString().contains("personal data erased");
    }

    @Test
    void aCampaignsPageChartsItsCallsPerDayByStatusAndItsCost() {
        api.awaitProjection("campaign-days");
        api.awaitProjection("campaign-stats");
        signIn(TestApiKeys.READ);
        page.get(browser.url("/campaigns"));
        page.findElement(By.linkText(CAMPAIGN)).click();
        List<WebElement> callBars = page.findElements(
                By.cssSelector("section[aria-labelledby=calls-chart-title] rect"));
        assertThat(callBars).isNotEmpty();
        assertThat(page.findElements(By.cssSelector("section[aria-labelledby=calls-chart-title] .column")))
                .hasSize(CampaignCalls.DAYS + 1); // the days of the recorded calls, and today's running ones
        assertThat(page.findElements(By.cssSelector("section[aria-labelledby=cost-chart-title] rect.series-cost")))
                .hasSize(CampaignCalls.DAYS);
        assertThat(page.findElement(By.cssSelector("svg.chart")).getDomAttribute("role")).isEqualTo("img");
        browser.screenshot(SCREENSHOTS.resolve("campaign.png"));
        page.get(browser.url("/campaigns"));
        browser.screenshot(SCREENSHOTS.resolve("campaigns.png"));
    }

    @Test
    void anAdminReplaysAProjectionAndWatchesItsProgressBarReachTheEnd() {
        signIn(TestApiKeys.ADMIN);
        assertThat(page.getCurrentUrl()).endsWith("/projections"); // an admin key without read starts there
        assertThat(page.findElements(By.linkText("Calls"))).isEmpty();
        WebElement projection = page.findElement(By.id("projection-campaign-stats"));
        markThePage();
        projection.findElement(By.cssSelector("form button")).click();
        wait(driver -> {
            WebElement bar = driver.findElement(By.id("progress-campaign-stats"));
            return driver.findElement(By.cssSelector("#replay-campaign-stats .replay-state")).getText().equals("done")
                    && bar.getDomProperty("value").equals(bar.getDomProperty("max"));
        });
        assertThePageWasNotReloaded();
        ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView()", projection);
        browser.screenshot(SCREENSHOTS.resolve("projections.png"));

        // a state change without the session's CSRF token is refused, even from a signed-in browser
        Object status = ((JavascriptExecutor) page).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/projections/campaign-stats/replay', {method: 'POST', redirect: 'manual'})
                    .then(r => done(r.status), e => done(String(e)));""");
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void signingOutEndsTheSessionWhichOnlyAnHttpOnlySameSiteCookieCarried() {
        signIn(TestApiKeys.READ);
        Cookie session = page.manage().getCookieNamed("calllog_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(page.getCurrentUrl()).doesNotContain("calllog_session").doesNotContain("jsessionid");
        assertThat(((JavascriptExecutor) page).executeScript("return document.cookie")).asString()
                .doesNotContain("calllog_session");

        page.get(browser.url("/projections"));
        assertThat(page.getCurrentUrl()).contains("/sign-in?forbidden");
        assertThat(page.findElement(By.cssSelector("[role=alert]")).getText()).contains("cannot open that page");

        signIn(TestApiKeys.READ);
        page.findElement(By.cssSelector(".sign-out button")).click();
        wait(ExpectedConditions.urlContains("/sign-in?signed-out"));
        page.get(browser.url("/calls"));
        assertThat(page.getCurrentUrl()).contains("/sign-in");
    }

    @Test
    void thePagesWorkByKeyboardOnAPhoneAndWithinTheirBudget() throws Exception {
        signIn(TestApiKeys.READ);
        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN));
        JavascriptExecutor script = (JavascriptExecutor) page;
        assertThat(script.executeScript("""
                return [...document.querySelectorAll('input:not([type=hidden]), select')]
                    .filter(field => field.labels.length === 0).map(field => field.name);""")).asList().isEmpty();
        page.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(page.switchTo().activeElement().getText()).isEqualTo("Skip to content");

        page.manage().window().setSize(new Dimension(390, 844));
        for (String path : List.of("/calls?campaignUuid=" + CAMPAIGN, "/campaigns/" + CAMPAIGN)) {
            page.get(browser.url(path));
            // what sticks out, if anything: elements outside a scrolling frame whose right edge passes the window's
            Object wider = script.executeScript("""
                    return [...document.querySelectorAll('body *')]
                        .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth)
                        .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' '
                            + Math.round(e.getBoundingClientRect().right));""");
            assertThat(script.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("%s fits a phone's width (tables scroll within their frame); wider: %s", path, wider)
                    .isEqualTo(true);
        }
        page.get(browser.url("/calls?campaignUuid=" + CAMPAIGN));
        browser.screenshot(SCREENSHOTS.resolve("calls-phone.png"));

        @SuppressWarnings("unchecked")
        List<String> assets = (List<String>) script.executeScript("""
                return [...document.querySelectorAll('script[src], link[rel=stylesheet]')]
                    .map(e => new URL(e.src || e.href).pathname);""");
        assertThat(assets).hasSize(4);
        long bytes = 0;
        HttpClient http = HttpClient.newHttpClient();
        for (String asset : assets) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + asset)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            bytes += response.body().length;
        }
        assertThat(bytes).as("JavaScript and CSS of a page, unzipped").isLessThanOrEqualTo(200 * 1024);
    }

    private void signIn(String key) {
        if (!page.getCurrentUrl().contains("/sign-in")) {
            page.get(browser.url("/sign-in"));
        }
        WebElement field = page.findElement(By.id("key"));
        field.clear();
        field.sendKeys(key, Keys.ENTER);
        wait(driver -> !driver.getCurrentUrl().equals(browser.url("/sign-in")) || !driver.findElements(
                By.cssSelector("[role=alert]")).isEmpty());
    }

    /** The texts of what the selector finds, once there are that many; null (wait on) until then. */
    private static List<String> texts(WebDriver driver, String selector, int count) {
        List<String> texts = driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
        return texts.size() == count ? texts : null;
    }

    private long total() {
        return Long.parseLong(page.findElement(By.id("total")).getText());
    }

    private List<String> statuses() {
        List<String> shown = new ArrayList<>();
        page.findElements(By.cssSelector("table.calls tbody .status")).forEach(status -> shown.add(status.getText()));
        return shown;
    }

    /** Marks the document: a reload would make a new one, without the mark. */
    private void markThePage() {
        ((JavascriptExecutor) page).executeScript("window.stillThisPage = true");
    }

    private void assertThePageWasNotReloaded() {
        assertThat(((JavascriptExecutor) page).executeScript("return window.stillThisPage === true")).isEqualTo(true);
    }

    /**
     * Until the page shows what the condition looks for. An element htmx swapped out while it was being read is
     * looked for again (the live parts are replaced whole), as one not there yet is.
     */
    private <T> T wait(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(page, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }
}
