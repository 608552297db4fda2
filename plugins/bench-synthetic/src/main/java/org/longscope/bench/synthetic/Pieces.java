package org.longscope.bench.synthetic;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a text as pieces that stay at pre-tokenizer boundaries: a leading space stays with the
 * word after it (" word"), while line breaks are moved to the end of the piece before them, because
 * byte-level BPE pre-tokenizers (Llama 3, Qwen) glue a line break to the punctuation before it.
 */
public final class Pieces {
    private final List<String> list;

    public Pieces(int expected) {
        list = new ArrayList<>(expected);
    }

    public Pieces add(String piece) {
        int k = 0;
        int lastBreak = -1;
        while (k < piece.length() && Character.isWhitespace(piece.charAt(k))) {
            if (piece.charAt(k) == '\n') {
                lastBreak = k;
            }
            k++;
        }
        if (lastBreak >= 0 && !list.isEmpty()) {
            int cut = lastBreak + 1;
            list.set(list.size() - 1, list.getLast() + piece.substring(0, cut));
            piece = piece.substring(cut);
        }
        if (!piece.isEmpty()) {
            list.add(piece);
        }
        return this;
    }

    /** Adds {@code items} separated by {@code separator}. */
    public Pieces join(List<String> items, String separator) {
        for (int i = 0; i < items.size(); i++) {
            add(i == 0 ? items.get(i) : separator + items.get(i));
        }
        return this;
    }

    public List<String> list() {
        return list;
    }
}
