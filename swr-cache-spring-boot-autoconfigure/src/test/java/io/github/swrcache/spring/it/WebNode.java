package io.github.swrcache.spring.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import io.github.swrcache.core.testsupport.RedisEndpoint;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started web application on a random port, and an HTTP client for it.
 */
final class WebNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	WebNode(RedisEndpoint redis, String... properties) {
		this.context = new SpringApplicationBuilder(CatalogApplication.class)
			.properties("spring.data.redis.url=" + redis.uri(), "swr.cache.key-prefix=it-" + UUID.randomUUID(),
					"spring.main.banner-mode=off", "server.port=0",
					"management.endpoints.web.exposure.include=health,swrcache",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
		this.base = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build());
	}

	HttpResponse<String> delete(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE().build());
	}

	HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
