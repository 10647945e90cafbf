package io.github.swrcache.spring.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.metrics.SwrCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/operations.md, the Prometheus alert rules and the Grafana dashboard in step
 * with the meters: every meter is documented, the files parse, and every metric they
 * query is one that a cache really exports to Prometheus.
 */
class OperationsDocsTests {

	private static final Path OPERATIONS = Path.of("../docs/operations.md");

	private static final Path ALERTS = Path.of("../docs/prometheus/swr-cache-alerts.yml");

	private static final Path DASHBOARD = Path.of("../docs/grafana/swr-cache-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b(?:swr_)?cache_[a-z_]+\\b");

	@Test
	void everyMeterIsDocumented() throws Exception {
		String doc = Files.readString(OPERATIONS);
		List<String> missing = new ArrayList<>();
		for (String meter : meterNames()) {
			if (!doc.contains("`" + meter + "`")) {
				missing.add(meter);
			}
		}
		assertThat(missing).as("meters of SwrCacheMetrics missing from docs/operations.md").isEmpty();
	}

	@Test
	void alertRulesParseAndQueryOnlyExportedMetrics() throws Exception {
		Map<String, Object> rules = new Yaml().load(Files.readString(ALERTS));
		List<String> expressions = new ArrayList<>();
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				Map<?, ?> alert = (Map<?, ?>) rule;
				assertThat(alert.get("alert")).as("alert name").isInstanceOf(String.class);
				assertThat(alert.get("expr")).as("expr of " + alert.get("alert")).isInstanceOf(String.class);
				assertThat(((Map<?, ?>) alert.get("labels")).get("severity")).as("severity of " + alert.get("alert"))
					.isNotNull();
				assertThat(((Map<?, ?>) alert.get("annotations")).get("summary")).as("summary of " + alert.get("alert"))
					.isNotNull();
				expressions.add((String) alert.get("expr"));
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
		assertThat(metricsIn(expressions)).isSubsetOf(knownMetrics())
			.contains("cache_gets_total", "swr_cache_remote_bypassed_total", "swr_cache_refreshes_total",
					"swr_cache_failsafe_served_total", "swr_cache_remote_errors_total", "swr_cache_loads_total");
	}

	@Test
	void dashboardParsesUsesAPrometheusDatasourceVariableAndQueriesOnlyExportedMetrics() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> datasources = new ArrayList<>();
		dashboard.get("templating").get("list").forEach((variable) -> {
			if ("datasource".equals(variable.get("type").asString())) {
				assertThat(variable.get("query").asString()).isEqualTo("prometheus");
				datasources.add(variable.get("name").asString());
			}
		});
		assertThat(datasources).hasSize(1);
		List<String> expressions = new ArrayList<>();
		dashboard.get("panels").forEach((panel) -> {
			if (panel.has("targets")) {
				assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString())
					.isEqualTo("${" + datasources.get(0) + "}");
				panel.get("targets").forEach((target) -> expressions.add(target.get("expr").asString()));
			}
		});
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
		Set<String> queried = metricsIn(expressions);
		assertThat(queried).isSubsetOf(knownMetrics());
		for (String meter : meterNames()) {
			String prefix = meter.replace('.', '_');
			assertThat(queried).as("a panel for " + meter)
				.anyMatch((metric) -> metric.equals(prefix) || metric.startsWith(prefix + "_"));
		}
	}

	private static List<String> meterNames() throws IllegalAccessException {
		List<String> names = new ArrayList<>();
		for (Field field : SwrCacheMetrics.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
					&& !field.getName().startsWith("TAG_")) {
				names.add((String) field.get(null));
			}
		}
		assertThat(names).isNotEmpty();
		return names;
	}

	private static Set<String> metricsIn(List<String> expressions) {
		Set<String> metrics = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				metrics.add(matcher.group());
			}
		}
		return metrics;
	}

	/**
	 * The metric names that may be queried: those a cache exports by default, plus the
	 * Prometheus forms of every {@link SwrCacheMetrics} name (for meters that a cache
	 * binds only when a feature is on).
	 */
	private static Set<String> knownMetrics() throws IllegalAccessException {
		Set<String> known = new TreeSet<>(exportedMetrics());
		for (String meter : meterNames()) {
			String base = meter.replace('.', '_');
			for (String suffix : List.of("", "_total", "_seconds_count", "_seconds_sum", "_seconds_max")) {
				known.add(base + suffix);
			}
		}
		return known;
	}

	/**
	 * The metric names of one cache's meters as Prometheus scrapes them.
	 */
	private static Set<String> exportedMetrics() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Set<String> metrics = new TreeSet<>();
		try (SwrCacheManager manager = SwrCacheManager.builder().meterRegistry(registry).build()) {
			SwrCache<String, String> cache = manager.cache("products", String.class);
			cache.get("k", (key) -> "v");
			for (String line : registry.scrape().lines().toList()) {
				if (!line.startsWith("#") && !line.isBlank()) {
					metrics.add(line.split("[{ ]", 2)[0]);
				}
			}
		}
		assertThat(metrics).contains("cache_gets_total", "swr_cache_hits_total");
		return metrics;
	}

}
