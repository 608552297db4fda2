package org.longscope.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.longscope.api.InvalidInputException;

/**
 * How the dataset manager reaches the hub and where it keeps files.
 *
 * @param endpoint       base URL of the hub or mirror, e.g. {@code https://huggingface.co}
 * @param urlTemplate    how a file's URL is formed from {@code {endpoint}}, {@code {repo}},
 *                       {@code {revision}} and {@code {path}}; the hub's layout by default
 * @param cacheDirectory root of the cache: {@code <cache>/<repository>/<revision>/<path>}
 * @param offline        never touch the network; a file missing from the cache is an error
 * @param token          bearer token sent to the endpoint's host (never to redirect targets on
 *                       other hosts), or {@code null}
 * @param maxAttempts    attempts per file for transient failures (network errors, 5xx, 429), >= 1
 * @param retryBackoff   wait before the second attempt; doubled for each further one (capped at 30 s)
 * @param connectTimeout timeout to connect and to receive the response headers
 * @param stallTimeout   a download that receives no bytes for this long is aborted (and retried)
 */
public record DatasetConfig(URI endpoint, String urlTemplate, Path cacheDirectory, boolean offline, String token,
        int maxAttempts, Duration retryBackoff, Duration connectTimeout, Duration stallTimeout) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    public static final String HUB_URL_TEMPLATE = "{endpoint}/datasets/{repo}/resolve/{revision}/{path}";

    /** Framework or system property naming the cache directory (env LONGSCOPE_DATA_CACHE). */
    public static final String PROP_CACHE = "longscope.data.cache";
    /** Framework or system property naming the hub or mirror base URL (env LONGSCOPE_DATA_ENDPOINT, then HF_ENDPOINT). */
    public static final String PROP_ENDPOINT = "longscope.data.endpoint";
    /** Framework or system property with a URL template for mirrors with another layout (env LONGSCOPE_DATA_URL_TEMPLATE). */
    public static final String PROP_URL_TEMPLATE = "longscope.data.urlTemplate";
    /** Framework or system property {@code true} for offline mode (env LONGSCOPE_OFFLINE=1 or HF_HUB_OFFLINE=1). */
    public static final String PROP_OFFLINE = "longscope.data.offline";
    /** Framework or system property: attempts per file (env LONGSCOPE_DATA_ATTEMPTS). */
    public static final String PROP_ATTEMPTS = "longscope.data.attempts";

    public DatasetConfig {
        if (endpoint == null || endpoint.getScheme() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
            throw new InvalidInputException(PROP_ENDPOINT, "expected an http or https URL, got " + endpoint);
        }
        endpoint = stripTrailingSlash(endpoint);
        urlTemplate = urlTemplate == null || urlTemplate.isBlank() ? HUB_URL_TEMPLATE : urlTemplate;
        if (!urlTemplate.contains("{path}")) {
            throw new InvalidInputException(PROP_URL_TEMPLATE, "expected a template containing {path}, got " + urlTemplate);
        }
        if (cacheDirectory == null) {
            throw new InvalidInputException(PROP_CACHE, "a cache directory is required");
        }
        cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
        token = token == null || token.isBlank() ? null : token.strip();
        if (maxAttempts < 1) {
            throw new InvalidInputException(PROP_ATTEMPTS, "expected a positive integer, got " + maxAttempts);
        }
        retryBackoff = retryBackoff == null ? Duration.ofMillis(500) : retryBackoff;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        stallTimeout = stallTimeout == null ? Duration.ofSeconds(60) : stallTimeout;
    }

    /** Defaults: the Hugging Face hub, {@code ~/.cache/longscope/datasets}, online, no token, 5 attempts. */
    public static DatasetConfig defaults() {
        return new DatasetConfig(DEFAULT_ENDPOINT, HUB_URL_TEMPLATE, defaultCacheDirectory(), false, null, 5,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The process's configuration: system properties first, then environment variables, then defaults. */
    public static DatasetConfig fromEnvironment() {
        return from(System::getProperty, System.getenv());
    }

    /**
     * Configuration from properties (e.g. an OSGi bundle context's framework properties, which fall
     * back to system properties) and environment variables. A property wins over its variable.
     */
    public static DatasetConfig from(Function<String, String> properties, Map<String, String> env) {
        DatasetConfig d = defaults();
        String endpoint = first(properties.apply(PROP_ENDPOINT), env.get("LONGSCOPE_DATA_ENDPOINT"), env.get("HF_ENDPOINT"));
        String template = first(properties.apply(PROP_URL_TEMPLATE), env.get("LONGSCOPE_DATA_URL_TEMPLATE"));
        String cache = first(properties.apply(PROP_CACHE), env.get("LONGSCOPE_DATA_CACHE"));
        String offline = first(properties.apply(PROP_OFFLINE), env.get("LONGSCOPE_OFFLINE"), env.get("HF_HUB_OFFLINE"));
        String attempts = first(properties.apply(PROP_ATTEMPTS), env.get("LONGSCOPE_DATA_ATTEMPTS"));
        return new DatasetConfig(
                endpoint == null ? d.endpoint() : parseEndpoint(endpoint),
                template == null ? d.urlTemplate() : template,
                cache == null ? d.cacheDirectory() : Path.of(expandHome(cache)),
                offline == null ? d.offline() : parseFlag(PROP_OFFLINE, offline),
                env.get("HF_TOKEN"),
                attempts == null ? d.maxAttempts() : parseAttempts(attempts),
                d.retryBackoff(), d.connectTimeout(), d.stallTimeout());
    }

    public DatasetConfig withEndpoint(URI newEndpoint) {
        return new DatasetConfig(newEndpoint, urlTemplate, cacheDirectory, offline, token, maxAttempts, retryBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withUrlTemplate(String newTemplate) {
        return new DatasetConfig(endpoint, newTemplate, cacheDirectory, offline, token, maxAttempts, retryBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withCacheDirectory(Path newCache) {
        return new DatasetConfig(endpoint, urlTemplate, newCache, offline, token, maxAttempts, retryBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withOffline(boolean newOffline) {
        return new DatasetConfig(endpoint, urlTemplate, cacheDirectory, newOffline, token, maxAttempts, retryBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withToken(String newToken) {
        return new DatasetConfig(endpoint, urlTemplate, cacheDirectory, offline, newToken, maxAttempts, retryBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withRetries(int newMaxAttempts, Duration newBackoff) {
        return new DatasetConfig(endpoint, urlTemplate, cacheDirectory, offline, token, newMaxAttempts, newBackoff,
                connectTimeout, stallTimeout);
    }

    public DatasetConfig withTimeouts(Duration newConnectTimeout, Duration newStallTimeout) {
        return new DatasetConfig(endpoint, urlTemplate, cacheDirectory, offline, token, maxAttempts, retryBackoff,
                newConnectTimeout, newStallTimeout);
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "DatasetConfig[endpoint=" + endpoint + ", urlTemplate=" + urlTemplate + ", cacheDirectory="
                + cacheDirectory + ", offline=" + offline + ", token=" + (token == null ? "none" : "set")
                + ", maxAttempts=" + maxAttempts + "]";
    }

    static Path defaultCacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "longscope", "datasets");
    }

    private static URI parseEndpoint(String value) {
        try {
            return new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidInputException(PROP_ENDPOINT, "expected an http or https URL, got \"" + value + "\"");
        }
    }

    private static boolean parseFlag(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new InvalidInputException(name, "expected true or false (or 1/0), got \"" + value + "\"");
        };
    }

    private static int parseAttempts(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(PROP_ATTEMPTS, "expected a positive integer, got \"" + value + "\"");
        }
    }

    private static String expandHome(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
