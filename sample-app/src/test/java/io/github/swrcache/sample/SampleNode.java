package io.github.swrcache.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running instance of the sample application on a free port, started as
 * {@code java -jar} would start it (its own {@code application.yml}), and an HTTP client
 * for it.
 */
final class SampleNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private SampleNode(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Starts a node with a deterministic pricing service (200 ms, never failing unless
	 * broken) and the given properties on top of {@code application.yml}.
	 */
	static SampleNode start(Class<?>[] extraSources, String... properties) {
		Class<?>[] sources = new Class<?>[extraSources.length + 1];
		sources[0] = SampleApplication.class;
		System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
		// As command-line arguments: they take precedence over application.yml, as they
		// do for "java -jar app.jar --server.port=8081".
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--sample.pricing.latency=200ms", "--sample.pricing.error-rate=0"));
		for (String property : properties) {
			args.add("--" + property);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
		return new SampleNode(context);
	}

	static SampleNode start(String... properties) {
		return start(new Class<?>[0], properties);
	}

	String url(String path) {
		return this.base + path;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
	}

	/** GETs {@code path}, expecting 200. */
	String getOk(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url(path))).POST(BodyPublishers.noBody()).build());
	}

	/** A counter of {@code /actuator/metrics}, 0 when the meter does not exist yet. */
	double metric(String name, String... tags) throws IOException, InterruptedException {
		StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		HttpResponse<String> response = get(path.toString());
		if (response.statusCode() == 404) {
			return 0;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Double> counts = JsonPath.read(response.body(), "$.measurements[?(@.statistic == 'COUNT')].value");
		assertThat(counts).as(response.body()).hasSize(1);
		return counts.get(0);
	}

	/** How often the body of a cached method ran, from {@code GET /api/demo/loads}. */
	long loads(String cache) throws IOException, InterruptedException {
		Map<String, Number> counts = JsonPath.read(getOk("/api/demo/loads"), "$");
		Number count = counts.get(cache);
		return (count != null) ? count.longValue() : 0;
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
