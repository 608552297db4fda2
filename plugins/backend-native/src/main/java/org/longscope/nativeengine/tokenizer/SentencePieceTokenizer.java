package org.longscope.nativeengine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.longscope.api.model.Tokenizer;

/**
 * SentencePiece BPE ({@code tokenizer.ggml.model = llama}) as llama.cpp's {@code llm_tokenizer_spm}:
 * spaces become U+2581, the text gets a space prefix, characters are merged pairwise by the highest
 * score of the merged piece, and characters missing from the vocabulary fall back to byte tokens
 * {@code <0xNN>}. Thread-safe.
 */
public final class SentencePieceTokenizer implements Tokenizer {
    static final char SPACE = '\u2581';

    private final GgufVocabulary vocab;
    private final Map<String, Integer> ids;
    private final int[] byteTokens = new int[256];
    private final SpecialTokens specials;

    public SentencePieceTokenizer(GgufVocabulary vocab) {
        this.vocab = vocab;
        String[] tokens = vocab.tokens();
        ids = new HashMap<>(tokens.length * 2);
        Map<String, Integer> special = new HashMap<>();
        java.util.Arrays.fill(byteTokens, -1);
        for (int i = 0; i < tokens.length; i++) {
            int type = vocab.type(i);
            if (type == GgufVocabulary.BYTE) {
                int b = parseByteToken(tokens[i]);
                if (b >= 0) {
                    byteTokens[b] = i;
                }
                continue;
            }
            ids.putIfAbsent(tokens[i], i);
            if (type == GgufVocabulary.CONTROL || type == GgufVocabulary.USER_DEFINED) {
                special.put(tokens[i], i);
            }
        }
        specials = new SpecialTokens(special);
    }

    static int parseByteToken(String t) {
        if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
            try {
                return Integer.parseInt(t.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        BpeTokenizer.IntList out = new BpeTokenizer.IntList(text.length() / 3 + 4);
        if (addSpecialTokens && vocab.addBos() && vocab.bosId() >= 0) {
            out.add(vocab.bosId());
        }
        boolean afterSpecial = true; // llama.cpp prefixes a space at the start and after special tokens
        for (SpecialTokens.Piece piece : specials.split(text)) {
            if (piece.id() >= 0) {
                out.add(piece.id());
                afterSpecial = true;
            } else {
                String s = (vocab.addSpacePrefix() && afterSpecial ? " " : "") + piece.text();
                encodePiece(s.replace(' ', SPACE), out);
                afterSpecial = false;
            }
        }
        if (addSpecialTokens && vocab.addEos() && vocab.eosId() >= 0) {
            out.add(vocab.eosId());
        }
        return out.toArray();
    }

    private record Bigram(float score, int left, int size) {
    }

    private void encodePiece(String text, BpeTokenizer.IntList out) {
        // symbols are the text's code points; start[i], len[i] in chars; len 0 = merged away
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, off = 0; i < n; i++) {
            int cp = text.codePointAt(off);
            start[i] = off;
            len[i] = Character.charCount(cp);
            off += len[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            addBigram(queue, text, start, len, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            int left = b.left;
            int right = next[left];
            if (len[left] == 0 || right < 0 || len[right] == 0 || len[left] + len[right] != b.size) {
                continue;
            }
            len[left] += len[right];
            len[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                addBigram(queue, text, start, len, prev[left], left);
            }
            if (next[left] >= 0) {
                addBigram(queue, text, start, len, left, next[left]);
            }
        }
        for (int i = 0; i >= 0 && n > 0; i = next[i]) {
            String piece = text.substring(start[i], start[i] + len[i]);
            Integer id = ids.get(piece);
            if (id != null) {
                out.add(id);
            } else {
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                    int bt = byteTokens[b & 0xff];
                    out.add(bt >= 0 ? bt : Math.max(vocab.unkId(), 0));
                }
            }
        }
    }

    private void addBigram(PriorityQueue<Bigram> queue, String text, int[] start, int[] len, int left, int right) {
        String merged = text.substring(start[left], start[right] + len[right]);
        Integer id = ids.get(merged);
        if (id != null) {
            queue.add(new Bigram(vocab.scores()[id], left, merged.length()));
        }
    }

    @Override
    public String decode(int[] tokenIds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] tokens = vocab.tokens();
        boolean first = true;
        for (int id : tokenIds) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.length);
            }
            int type = vocab.type(id);
            if (type == GgufVocabulary.BYTE && parseByteToken(tokens[id]) >= 0) {
                bytes.write(parseByteToken(tokens[id]));
            } else if (type == GgufVocabulary.CONTROL) {
                bytes.writeBytes(tokens[id].getBytes(StandardCharsets.UTF_8));
                continue; // the space prefix removal applies to the first text token after BOS
            } else {
                String piece = tokens[id].replace(SPACE, ' ');
                if (first && vocab.addSpacePrefix() && piece.startsWith(" ")) {
                    piece = piece.substring(1);
                }
                bytes.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
            }
            first = false;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabularySize() {
        return vocab.size();
    }
}
