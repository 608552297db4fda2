package org.longscope.openai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.longscope.api.InvalidInputException;

/**
 * The {@code openai} backend's options ({@code model.options} of a spec). The reference is the
 * base URL ({@code http://host:8000/v1}), or several separated by commas (replicas of one model).
 *
 * @param baseUrls        every replica's base URL, without a trailing slash
 * @param model           the served model's name ({@code model} option); null: the only one served
 * @param apiKey          the key, read from {@code api_key_env} or {@code api_key_file}; null for none
 * @param apiKeySource    where the key came from, for messages (never the key itself)
 * @param maxConcurrency  requests in flight per replica
 * @param requestsPerMinute 0 for no limit
 * @param tokensPerMinute 0 for no limit (prompt and requested completion tokens)
 * @param timeout         per request
 * @param attempts        tries per request before the item fails
 * @param setAside        how long a replica that keeps failing is left alone
 * @param contextLength   the window; 0: from the server's {@code /tokenize} ({@code max_model_len})
 * @param longscopeKv     send the run's KV method as {@code longscope.kv} (LongScope's own /v1 server)
 * @param logProbs        the server scores prompts ({@code echo} with {@code logprobs}, as vLLM and LongScope do)
 * @param tokenizer       the served model's tokenizer: a local {@code tokenizer.json} or its folder, or
 *                        {@code hub:owner/name[@revision]}; null: the server's {@code /tokenize}
 */
record OpenAiOptions(List<String> baseUrls, String model, String apiKey, String apiKeySource, int maxConcurrency,
        int requestsPerMinute, int tokensPerMinute, Duration timeout, int attempts, Duration setAside, int contextLength,
        boolean longscopeKv, boolean logProbs, String tokenizer) {

    static final Set<String> KNOWN = Set.of("base_urls", "model", "api_key_env", "api_key_file", "max_concurrency",
            "requests_per_minute", "tokens_per_minute", "timeout_s", "attempts", "set_aside_s", "context_length",
            "longscope_kv", "logprobs", "tokenizer");

    static OpenAiOptions parse(String reference, Map<String, Object> options) {
        for (String name : options.keySet()) {
            if (name.equals("api_key")) {
                throw new InvalidInputException("model.options.api_key", "a key does not belong in a spec (it would be "
                        + "written to spec.json); name an environment variable (api_key_env) or a file (api_key_file)");
            }
            if (!KNOWN.contains(name)) {
                throw new InvalidInputException("model.options." + name, "unknown option; openai takes " + new TreeSet<>(KNOWN));
            }
        }
        List<String> urls = new ArrayList<>();
        for (String url : reference.split(",")) {
            urls.add(url(url.strip(), "model.ref"));
        }
        if (options.get("base_urls") instanceof List<?> more) {
            for (Object url : more) {
                urls.add(url(String.valueOf(url), "model.options.base_urls"));
            }
        }
        String keySource = null;
        String key = null;
        if (options.get("api_key_env") != null) {
            String variable = String.valueOf(options.get("api_key_env"));
            key = System.getenv(variable);
            keySource = "environment variable " + variable;
            if (key == null || key.isBlank()) {
                throw new InvalidInputException("model.options.api_key_env", "the environment variable " + variable + " is not set");
            }
        } else if (options.get("api_key_file") != null) {
            Path file = Path.of(String.valueOf(options.get("api_key_file")));
            keySource = "file " + file;
            try {
                key = Files.readString(file).strip();
            } catch (IOException e) {
                throw new InvalidInputException("model.options.api_key_file", "cannot read " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return new OpenAiOptions(List.copyOf(urls), options.get("model") == null ? null : String.valueOf(options.get("model")),
                key, keySource, integer(options, "max_concurrency", 8, 1), integer(options, "requests_per_minute", 0, 0),
                integer(options, "tokens_per_minute", 0, 0), Duration.ofMillis((long) (number(options, "timeout_s", 300) * 1000)),
                integer(options, "attempts", 5, 1), Duration.ofMillis((long) (number(options, "set_aside_s", 30) * 1000)),
                integer(options, "context_length", 0, 0), flag(options, "longscope_kv"), flag(options, "logprobs"),
                options.get("tokenizer") == null ? null : String.valueOf(options.get("tokenizer")));
    }

    private static boolean flag(Map<String, Object> options, String name) {
        Object value = options.getOrDefault(name, false);
        if (!String.valueOf(value).equals("true") && !String.valueOf(value).equals("false")) {
            throw new InvalidInputException("model.options." + name, "expected true or false, got " + value);
        }
        return Boolean.parseBoolean(String.valueOf(value));
    }

    private static String url(String url, String field) {
        if (!url.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new InvalidInputException(field, "expected a base URL like http://127.0.0.1:8000/v1, got '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static int integer(Map<String, Object> options, String name, int fallback, int min) {
        Object value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(String.valueOf(value).strip());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("model.options." + name, "expected a whole number >= " + min + ", got " + value);
    }

    private static double number(Map<String, Object> options, String name, double fallback) {
        Object value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(String.valueOf(value).strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("model.options." + name, "expected a number of seconds > 0, got " + value);
    }
}
