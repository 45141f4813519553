package io.calllog.query.dashboard;

import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Who may open what of the dashboard, and that its session is the dashboard's alone: the APIs still take only bearer
 * keys. (The browser test drives the same rules through the pages; this one checks each answer.)
 */
@SpringBootTest(properties = {"spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/eventstore"})
@AutoConfigureMockMvc
class DashboardAccessTest {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        TestMongo.newDatabase().register(registry);
    }

    @Autowired
    MockMvc mvc;

    /** Signs in through the form, with its CSRF token: the signed-in session. */
    private MockHttpSession signedIn(String key) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String token = csrfToken(session);
        MvcResult result = mvc.perform(post("/sign-in").session(session).param("_csrf", token).param("key", key))
                .andExpect(status().isFound()).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private String csrfToken(MockHttpSession session) throws Exception {
        String page = mvc.perform(get("/sign-in").session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        return page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToSignInAndHtmxGetsA401ThatSaysWhere() throws Exception {
        mvc.perform(get("/calls")).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/sign-in"));
        mvc.perform(get("/parts/calls/c1/row").header("HX-Request", "true")).andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/sign-in"));
        mvc.perform(get("/streams/calls/c1")).andExpect(status().isUnauthorized());
        // the page's assets need no session
        mvc.perform(get("/assets/dashboard.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
    }

    @Test
    void signingInTakesAReadOrAdminKeyWithTheFormsToken() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String token = csrfToken(session);
        mvc.perform(post("/sign-in").session(session).param("_csrf", token).param("key", "no-such-key"))
                .andExpect(status().isUnauthorized()).andExpect(content().string(
                        org.hamcrest.Matchers.containsString("not a key of this service")));
        mvc.perform(post("/sign-in").session(session).param("_csrf", token).param("key", TestApiKeys.INGEST))
                .andExpect(status().isUnauthorized()).andExpect(content().string(
                        org.hamcrest.Matchers.containsString("neither the read nor the admin role")));
        // a form without its token (or older than its session) signs nobody in
        mvc.perform(post("/sign-in").param("key", TestApiKeys.READ)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/sign-in?expired"));

        String before = session.getId();
        MvcResult signedIn = mvc.perform(post("/sign-in").session(session).param("_csrf", token)
                .param("key", TestApiKeys.READ)).andExpect(status().isFound()).andExpect(redirectedUrl("/"))
                .andReturn();
        assertThat(signedIn.getRequest().getSession(false).getId()).as("a new session id at sign-in")
                .isNotEqualTo(before);
    }

    @Test
    void aReadKeySeesCallsAndCampaignsAndAnAdminKeyTheProjections() throws Exception {
        MockHttpSession reader = signedIn(TestApiKeys.READ);
        mvc.perform(get("/calls").session(reader)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"));
        mvc.perform(get("/campaigns").session(reader)).andExpect(status().isOk());
        mvc.perform(get("/projections").session(reader)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/sign-in?forbidden"));

        MockHttpSession admin = signedIn(TestApiKeys.ADMIN);
        mvc.perform(get("/projections").session(admin)).andExpect(status().isOk());
        mvc.perform(get("/calls").session(admin)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/sign-in?forbidden"));
        // a state change needs the session's CSRF token, signed in or not
        mvc.perform(post("/projections/calls/replay").session(admin)).andExpect(status().isForbidden());
        String page = mvc.perform(get("/projections").session(admin)).andReturn().getResponse().getContentAsString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" content=\"([^\"]+)\".*", "$1");
        MvcResult retried = mvc.perform(post("/projections/calls/dead-letters/retry").session(admin)
                .param("_csrf", token)).andExpect(status().isFound()).andExpect(redirectedUrl("/projections"))
                .andReturn();
        assertThat(retried.getFlashMap().get("notice")).asString()
                .isEqualTo("Retried the dead letters of calls: 0 calls handled, 0 failed again, 0 letters left.");
    }

    @Test
    void signingOutEndsTheSessionAndDeletesItsCookie() throws Exception {
        MockHttpSession reader = signedIn(TestApiKeys.READ);
        String page = mvc.perform(get("/calls").session(reader)).andReturn().getResponse().getContentAsString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" content=\"([^\"]+)\".*", "$1");
        mvc.perform(post("/sign-out").session(reader).param("_csrf", token)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/sign-in?signed-out"))
                .andExpect(header().string("Set-Cookie", org.hamcrest.Matchers.startsWith("calllog_session=;")))
                .andExpect(header().string("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0")));
        assertThat(reader.isInvalid()).isTrue();
    }

    @Test
    void theApisIgnoreTheDashboardsSession() throws Exception {
        MockHttpSession everything = signedIn(TestApiKeys.ALL_ROLES);
        mvc.perform(get("/calls").session(everything)).andExpect(status().isOk());
        mvc.perform(get("/api/calls").session(everything)).andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/calls").header("Authorization", "Bearer " + TestApiKeys.READ))
                .andExpect(status().isOk()).andExpect(header().doesNotExist("Set-Cookie"));
    }

    @Test
    void anUnknownCallOrCampaignIsSaidOnAPage() throws Exception {
        MockHttpSession reader = signedIn(TestApiKeys.READ);
        mvc.perform(get("/calls/no_such_call").session(reader)).andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Call not found")));
        mvc.perform(get("/campaigns/no_such_campaign").session(reader)).andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Campaign not found")));
        String notANumber = mvc.perform(get("/calls").param("minDuration", "abc").param("from", "yesterday")
                .session(reader)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(notANumber).contains("id=\"minDuration-error\">must be a number<");
        mvc.perform(get("/calls").param("minCost", "-1").param("status", "nope").session(reader))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"minCost-error\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"status\" name=\"status\"")));
    }
}
