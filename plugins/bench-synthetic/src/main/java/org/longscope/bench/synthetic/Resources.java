package org.longscope.bench.synthetic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The text shipped in the bundle: the essay haystack (State of the Union addresses, split into
 * sentences) and the word lists for random keys. Loaded once, immutable.
 */
public final class Resources {
    private static final String BASE = "/org/longscope/bench/synthetic/data/";

    private Resources() {
    }

    /** Sentences of the essay corpus, in order. */
    public static List<String> essaySentences() {
        return Holder.SENTENCES;
    }

    public static List<String> nouns() {
        return Holder.NOUNS;
    }

    public static List<String> adjectives() {
        return Holder.ADJECTIVES;
    }

    public static List<String> verbs() {
        return Holder.VERBS;
    }

    private static final class Holder {
        static final List<String> SENTENCES = loadSentences();
        static final List<String> NOUNS = lines("nouns.txt");
        static final List<String> ADJECTIVES = lines("adjectives.txt");
        static final List<String> VERBS = lines("verbs.txt");
    }

    private static List<String> loadSentences() {
        List<String> out = new ArrayList<>();
        for (String paragraph : lines("sotu-1946-2016.txt")) {
            out.addAll(SentenceSplitter.split(paragraph));
        }
        return List.copyOf(out);
    }

    static List<String> lines(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("bundle resource " + BASE + name + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading bundle resource " + BASE + name, e);
        }
    }

    /** Sorted distinct union of word lists (RULER's {@code sorted(set(...))}). */
    public static List<String> sortedUnion(List<List<String>> lists) {
        TreeSet<String> all = new TreeSet<>();
        lists.forEach(all::addAll);
        return List.copyOf(all);
    }
}
