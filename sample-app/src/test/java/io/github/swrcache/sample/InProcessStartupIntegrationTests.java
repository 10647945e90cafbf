package io.github.swrcache.sample;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application as it starts by default: no Redis, the caches in-process, and
 * one log line that says so.
 */
@ExtendWith(OutputCaptureExtension.class)
class InProcessStartupIntegrationTests {

	@Test
	void withoutRedisTheCachesStayInProcessAndOneLogLineSaysSo(CapturedOutput output) throws Exception {
		try (SampleNode node = SampleNode.start()) {
			assertThat(output.toString().split("swr-cache keeps its caches in-process only", -1)).hasSize(2);
			assertThat(output).contains("swr-cache keeps its caches in-process only: swr.cache.redis.enabled is false");
			String report = node.getOk("/actuator/swrcache");
			assertThat((Boolean) JsonPath.read(report, "$.redis.enabled")).isFalse();
			assertThat((String) JsonPath.read(report, "$.redis.mode")).isEqualTo("none");
			assertThat((String) JsonPath.read(node.getOk("/actuator/health"), "$.status")).isEqualTo("UP");
			assertThat(node.getOk("/actuator/prometheus")).contains("cache_gets_total{");
		}
	}

}
