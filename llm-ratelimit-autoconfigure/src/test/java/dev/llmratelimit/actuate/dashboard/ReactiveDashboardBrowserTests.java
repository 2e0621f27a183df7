package dev.llmratelimit.actuate.dashboard;

import org.springframework.test.context.TestPropertySource;

/**
 * The dashboard checks of {@link DashboardBrowserTests}, in a real headless Chromium
 * against a real reactive (WebFlux on Reactor Netty) application. The screenshot taken
 * after the calls is saved as {@code target/dashboard/dashboard-after-calls-reactive.png}.
 */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class ReactiveDashboardBrowserTests extends DashboardBrowserTests {

	@Override
	protected String screenshotName() {
		return "dashboard-after-calls-reactive.png";
	}

}
