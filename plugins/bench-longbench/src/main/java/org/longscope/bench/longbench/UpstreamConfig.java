package org.longscope.bench.longbench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Upstream's prompt templates and generation lengths, the files of THUDM/LongBench
 * ({@code LongBench/config/dataset2prompt.json}, {@code dataset2maxlen.json}, {@code prompts/*.txt})
 * kept verbatim as resources.
 */
final class UpstreamConfig {
    static final Map<String, String> PROMPTS = json("dataset2prompt.json", new TypeReference<>() { });
    static final Map<String, Integer> MAX_NEW_TOKENS = json("dataset2maxlen.json", new TypeReference<>() { });
    static final String V2_ZERO_SHOT = text("v2-0shot.txt");
    static final String V2_NO_CONTEXT = text("v2-0shot_no_context.txt");
    static final String V2_COT = text("v2-0shot_cot.txt");
    static final String V2_COT_ANSWER = text("v2-0shot_cot_ans.txt");

    private UpstreamConfig() {
    }

    /** Python's {@code template.format(**item)} for templates whose only fields are {@code {context}} and {@code {input}}. */
    static String format(String template, String context, String input) {
        StringBuilder out = new StringBuilder(template.length() + context.length() + input.length());
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("{context}", i)) {
                out.append(context);
                i += "{context}".length();
            } else if (template.startsWith("{input}", i)) {
                out.append(input);
                i += "{input}".length();
            } else {
                out.append(template.charAt(i++));
            }
        }
        return out.toString();
    }

    private static <T> T json(String name, TypeReference<T> type) {
        try (InputStream in = stream(name)) {
            return new ObjectMapper().readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String name) {
        try (InputStream in = stream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = UpstreamConfig.class.getResourceAsStream("/longbench/" + name);
        if (in == null) {
            throw new IOException("resource longbench/" + name + " is missing from the bundle");
        }
        return in;
    }
}
