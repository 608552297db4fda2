package org.longscope.nativeengine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds special and added tokens written in text (longest match first) and splits the text around
 * them, so that only the plain parts go through the model's tokenization.
 */
final class SpecialTokens {
    /** A piece of text: either plain text ({@code id < 0}) or one special token. */
    record Piece(String text, int id) {
    }

    private final Map<Character, List<Map.Entry<String, Integer>>> byFirstChar = new HashMap<>();

    SpecialTokens(Map<String, Integer> tokens) {
        for (Map.Entry<String, Integer> e : tokens.entrySet()) {
            if (!e.getKey().isEmpty()) {
                byFirstChar.computeIfAbsent(e.getKey().charAt(0), c -> new ArrayList<>()).add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        for (List<Map.Entry<String, Integer>> list : byFirstChar.values()) {
            list.sort((a, b) -> b.getKey().length() - a.getKey().length());
        }
    }

    List<Piece> split(String text) {
        List<Piece> pieces = new ArrayList<>();
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            List<Map.Entry<String, Integer>> candidates = byFirstChar.get(text.charAt(i));
            Map.Entry<String, Integer> hit = null;
            if (candidates != null) {
                for (Map.Entry<String, Integer> c : candidates) {
                    if (text.startsWith(c.getKey(), i)) {
                        hit = c;
                        break;
                    }
                }
            }
            if (hit == null) {
                i++;
                continue;
            }
            if (i > plainStart) {
                pieces.add(new Piece(text.substring(plainStart, i), -1));
            }
            pieces.add(new Piece(hit.getKey(), hit.getValue()));
            i += hit.getKey().length();
            plainStart = i;
        }
        if (plainStart < text.length()) {
            pieces.add(new Piece(text.substring(plainStart), -1));
        }
        return pieces;
    }
}
