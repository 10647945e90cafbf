package io.github.swrcache.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A clock that tests move forward, so that an entry's windows pass without sleeping. The
 * starter gives the caches the application's {@link Clock} bean.
 */
final class MutableClock extends Clock {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

	void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	/**
	 * Adds a {@link MutableClock} bean to an application.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		MutableClock clock() {
			return new MutableClock();
		}

	}

}
