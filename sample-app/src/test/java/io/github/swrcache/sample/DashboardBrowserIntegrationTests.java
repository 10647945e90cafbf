package io.github.swrcache.sample;

import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.github.swrcache.sample.pricing.PricingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live dashboard in a real headless Chromium: it renders the caches from its polls of
 * {@code /actuator/swrcache}, its stampede control shows the loads that really happened,
 * and its pricing toggle breaks the pricing service.
 */
class DashboardBrowserIntegrationTests {

	private static SampleNode node;

	private static Chromium chromium;

	@BeforeAll
	static void start() {
		chromium = Chromium.start();
		node = SampleNode.start();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		if (node != null) {
			node.close();
		}
	}

	@Test
	void stampedeControlShowsOneLoadForTwoHundredCallers() throws Exception {
		WebDriver browser = chromium.driver();
		browser.get(node.url("/"));
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		// The first poll renders a card per cache; the catalog creates "products" at
		// start.
		WebElement products = wait
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.cache[data-cache='products']")));
		assertThat(products.findElement(By.tagName("h3")).getText()).isEqualTo("products");
		assertThat(browser.findElement(By.id("redis-mode")).getText()).isEqualTo("none (L1 only)");
		assertThat(browser.findElement(By.id("node-id")).getText())
			.isEqualTo(JsonPath.read(node.getOk("/actuator/swrcache"), "$.nodeId"));
		assertThat(browser.findElement(By.id("stampede-n")).getAttribute("value")).isEqualTo("200");

		long pricingCalls = pricingCalls();
		browser.findElement(By.id("stampede-button")).click();
		wait.until(ExpectedConditions.textMatches(By.id("stampede-loads"), java.util.regex.Pattern.compile("\\d+")));

		long loadsOnPage = Long.parseLong(browser.findElement(By.id("stampede-loads")).getText());
		assertThat(loadsOnPage).isEqualTo(1);
		assertThat(browser.findElement(By.id("stampede-callers")).getText()).isEqualTo("200");
		assertThat(pricingCalls()).isEqualTo(pricingCalls + loadsOnPage);
		// The next polls draw the prices cache that the stampede used.
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.cache[data-cache='prices']")));
	}

	@Test
	void breakPricingToggleMakesEveryQuoteFail() throws Exception {
		WebDriver browser = chromium.driver();
		browser.get(node.url("/"));
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		PricingClient pricing = node.bean(PricingClient.class);
		WebElement toggle = wait.until(ExpectedConditions.elementToBeClickable(By.id("break-pricing")));
		assertThat(pricing.status().settings().broken()).isFalse();
		try {
			toggle.click();
			wait.until((driver) -> pricing.status().settings().broken());
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pricing-status"), "BROKEN"));
			assertThat(node.get("/api/products/150/price").statusCode()).isEqualTo(503);
			browser.findElement(By.id("break-pricing")).click();
			wait.until((driver) -> !pricing.status().settings().broken());
		}
		finally {
			node.post("/api/demo/pricing?broken=false");
		}
	}

	private static long pricingCalls() throws Exception {
		return ((Number) JsonPath.read(node.getOk("/api/demo/pricing"), "$.calls")).longValue();
	}

}
