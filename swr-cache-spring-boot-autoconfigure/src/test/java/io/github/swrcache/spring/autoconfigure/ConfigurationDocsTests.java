package io.github.swrcache.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/configuration.md in step with the configuration metadata: every
 * {@code swr.cache.*} property has a row (name, type, default, meaning), no row names a
 * property that does not exist, and a documented default is the metadata's default. A map
 * of per-cache objects ({@code swr.cache.caches}) is documented key by key as
 * {@code swr.cache.caches.<name>.<key>}.
 */
class ConfigurationDocsTests {

	private static final Path DOC = Path.of("../docs/configuration.md");

	private static final Pattern ROW = Pattern.compile("^\\|\\s*`(swr\\.cache\\.[^`]+)`\\s*\\|(.*)$");

	private static final String MAP_KEY = "<name>";

	@Test
	void everyPropertyIsDocumentedWithItsDefaultAndNothingElseIs() throws Exception {
		assertThat(problems(Files.readString(DOC))).isEmpty();
	}

	@Test
	void aRemovedRowIsReportedByName() throws Exception {
		String doc = Files.readString(DOC);
		String row = doc.lines().filter((line) -> line.startsWith("| `swr.cache.local.max-ttl` |")).findFirst().get();
		assertThat(newProblems(doc, doc.replace(row + "\n", "")))
			.containsExactly("swr.cache.local.max-ttl: not documented in docs/configuration.md");
	}

	@Test
	void aRowOfAPropertyThatDoesNotExistIsReportedByName() throws Exception {
		String doc = Files.readString(DOC);
		String extended = doc + "\n| `swr.cache.redis.gone` | `int` | `1` | Removed. |\n"
				+ "| `swr.cache.caches.<name>.gone` | `int` | none | Removed. |\n";
		assertThat(newProblems(doc, extended)).containsExactly(
				"swr.cache.caches.<name>.gone: documented but not a property any more",
				"swr.cache.redis.gone: documented but not a property any more");
	}

	@Test
	void aWrongDefaultIsReported() throws Exception {
		String doc = Files.readString(DOC)
			.replace("| `swr.cache.defaults.ttl` | `Duration` | `1m` |",
					"| `swr.cache.defaults.ttl` | `Duration` | `2m` |");
		assertThat(problems(doc))
			.containsExactly("swr.cache.defaults.ttl: documented default should show `1m`, was `2m`");
	}

	/**
	 * The problems of {@code changed} that {@code doc} does not have, so that these
	 * checks of the checker hold while the doc itself lags behind the metadata.
	 */
	private static List<String> newProblems(String doc, String changed) throws IOException {
		List<String> problems = problems(changed);
		problems.removeAll(problems(doc));
		return problems;
	}

	private static List<String> problems(String doc) throws IOException {
		Map<String, String> expected = expectedProperties();
		Map<String, String> documented = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		for (String line : doc.lines().toList()) {
			Matcher row = ROW.matcher(line.strip());
			if (!row.matches()) {
				continue;
			}
			String name = row.group(1);
			String[] cells = row.group(2).split("\\|", -1);
			if (cells.length < 4 || cells[0].isBlank() || cells[1].isBlank() || cells[2].isBlank()) {
				problems.add(name + ": row needs a type, a default and a meaning");
				continue;
			}
			if (documented.put(name, cells[1].strip()) != null) {
				problems.add(name + ": documented twice");
			}
		}
		expected.forEach((name, defaultValue) -> {
			String documentedDefault = documented.get(name);
			if (documentedDefault == null) {
				problems.add(name + ": not documented in docs/configuration.md");
			}
			else if (defaultValue != null && !documentedDefault.contains("`" + defaultValue + "`")) {
				problems
					.add(name + ": documented default should show `" + defaultValue + "`, was " + documentedDefault);
			}
		});
		documented.keySet()
			.stream()
			.filter((name) -> !expected.containsKey(name))
			.forEach((name) -> problems.add(name + ": documented but not a property any more"));
		problems.sort(null);
		return problems;
	}

	/**
	 * The {@code swr.cache.*} properties of the metadata, with their default when the
	 * metadata has one.
	 */
	private static Map<String, String> expectedProperties() throws IOException {
		Map<String, String> expected = new TreeMap<>();
		for (JsonNode property : metadata()) {
			String name = property.get("name").asString();
			if (!name.startsWith("swr.cache.")) {
				continue;
			}
			String type = property.has("type") ? property.get("type").asString() : "";
			if (type.startsWith("java.util.Map<")) {
				mapKeys(name, type).forEach((key) -> expected.put(key, null));
				continue;
			}
			String defaultValue = property.has("defaultValue") ? property.get("defaultValue").asString() : null;
			if (defaultValue != null || !expected.containsKey(name)) {
				expected.put(name, defaultValue);
			}
		}
		assertThat(expected).as("swr.cache.* properties in the metadata").isNotEmpty();
		return expected;
	}

	/**
	 * The generated metadata (which already merges the additional metadata) and the
	 * additional metadata itself, whose hints and defaults may name properties too.
	 */
	private static List<JsonNode> metadata() throws IOException {
		List<JsonNode> properties = new ArrayList<>();
		JsonMapper mapper = JsonMapper.builder().build();
		for (String resource : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			try (InputStream in = new ClassPathResource(resource).getInputStream()) {
				mapper.readTree(in).get("properties").forEach(properties::add);
			}
		}
		return properties;
	}

	/**
	 * The documented names of a map property: {@code prefix.<name>.<key>} for each
	 * property of an object value, {@code prefix.<name>} for a simple value.
	 */
	private static List<String> mapKeys(String name, String type) {
		String valueType = type.substring(type.indexOf(',') + 1, type.lastIndexOf('>')).strip();
		if (valueType.contains("<")) {
			valueType = valueType.substring(0, valueType.indexOf('<'));
		}
		Class<?> valueClass = ClassUtils.resolveClassName(valueType, ConfigurationDocsTests.class.getClassLoader());
		if (BeanUtils.isSimpleValueType(valueClass) || Iterable.class.isAssignableFrom(valueClass)
				|| Map.class.isAssignableFrom(valueClass) || valueClass.isArray()) {
			return List.of(name + "." + MAP_KEY);
		}
		Map<String, String> keys = new LinkedHashMap<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(valueClass)) {
			if (descriptor.getWriteMethod() != null) {
				String key = name + "." + MAP_KEY + "." + kebab(descriptor.getName());
				keys.put(key, key);
			}
		}
		assertThat(keys).as("keys of " + name).isNotEmpty();
		return List.copyOf(keys.keySet());
	}

	private static String kebab(String camel) {
		StringBuilder kebab = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString();
	}

}
