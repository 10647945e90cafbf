package io.github.swrcache.spring.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class SwrCacheMetadataTests {

	@Test
	void everyPropertyIsDocumentedAndItsDocumentedDefaultIsTheRealDefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, Object> defaults = new HashMap<>();
		int swrProperties = 0;
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith("swr.cache.")) {
				continue;
			}
			swrProperties++;
			assertThat(property.get("description")).as(name).isNotNull();
			String description = property.get("description").asString();
			assertThat(description).as(name)
				.doesNotStartWith("The ")
				.doesNotContainIgnoringCase("defaults to")
				.doesNotContainIgnoringCase("by default");
			if (property.has("defaultValue")) {
				defaults.put(name, property.get("defaultValue").asString());
			}
		}
		assertThat(swrProperties).isEqualTo(45);
		assertThat(defaults).hasSize(34);
		SwrCacheProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
			.bind("swr.cache", Bindable.ofInstance(new SwrCacheProperties()))
			.get();
		assertThat(bound).usingRecursiveComparison().isEqualTo(new SwrCacheProperties());
	}

}
