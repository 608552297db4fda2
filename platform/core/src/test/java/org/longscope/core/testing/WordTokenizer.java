package org.longscope.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.model.Tokenizer;

/**
 * A deterministic test tokenizer: every run of non-space characters is one token and every
 * whitespace character is one token, so decode(encode(text)) == text and counts are easy to
 * compute by hand.
 */
public final class WordTokenizer implements Tokenizer {
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> words = new ArrayList<>();

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        List<String> pieces = split(text);
        int[] out = new int[pieces.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(pieces.get(i));
        }
        return out;
    }

    private synchronized int id(String piece) {
        return ids.computeIfAbsent(piece, p -> {
            words.add(p);
            return words.size() - 1;
        });
    }

    @Override
    public synchronized String decode(int[] tokenIds) {
        StringBuilder out = new StringBuilder();
        for (int id : tokenIds) {
            out.append(words.get(id));
        }
        return out.toString();
    }

    @Override
    public int count(String text) {
        return split(text).size();
    }

    @Override
    public synchronized int vocabularySize() {
        return words.size();
    }

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                pieces.add(String.valueOf(text.charAt(i)));
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                pieces.add(text.substring(start, i));
            }
        }
        return pieces;
    }
}
