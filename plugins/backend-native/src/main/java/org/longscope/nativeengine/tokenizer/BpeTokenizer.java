package org.longscope.nativeengine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.Tokenizer;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = gpt2}) as llama.cpp's {@code llm_tokenizer_bpe}: special
 * tokens split out, the family's pre-tokenizer regex, GPT-2's byte-to-char mapping, then merges by rank
 * (lowest first, leftmost on ties). Thread-safe.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final int CACHE_LIMIT = 50_000;

    private final GgufVocabulary vocab;
    private final PreTokenizer pre;
    private final Map<String, Integer> ids;
    private final LongIntMap mergeRank;
    private final int[] mergeResult;
    private final SpecialTokens specials;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    public BpeTokenizer(GgufVocabulary vocab, String location) {
        this.vocab = vocab;
        this.pre = PreTokenizer.forGgufPre(vocab.pre(), location + ": metadata tokenizer.ggml.pre");
        String[] tokens = vocab.tokens();
        ids = new HashMap<>(tokens.length * 2);
        Map<String, Integer> special = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            int type = vocab.type(i);
            if (type == GgufVocabulary.CONTROL || type == GgufVocabulary.USER_DEFINED) {
                special.put(tokens[i], i);
            }
        }
        specials = new SpecialTokens(special);
        String[] merges = vocab.merges();
        mergeRank = new LongIntMap(merges.length);
        mergeResult = new int[merges.length];
        for (int rank = 0; rank < merges.length; rank++) {
            String m = merges[rank];
            int space = m.indexOf(' ', 1);
            if (space < 0) {
                throw new InvalidInputException(location + ": metadata tokenizer.ggml.merges[" + rank + "]",
                        "expected 'left right', found '" + m + "'");
            }
            Integer left = ids.get(m.substring(0, space));
            Integer right = ids.get(m.substring(space + 1));
            Integer merged = ids.get(m.substring(0, space) + m.substring(space + 1));
            if (left == null || right == null || merged == null) {
                throw new InvalidInputException(location + ": metadata tokenizer.ggml.merges[" + rank + "]",
                        "merge '" + m + "' refers to tokens missing from the vocabulary");
            }
            mergeRank.putIfAbsent(pair(left, right), rank);
            mergeResult[rank] = merged;
        }
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    public GgufVocabulary vocabulary() {
        return vocab;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList out = new IntList(text.length() / 3 + 4);
        if (addSpecialTokens && vocab.addBos() && vocab.bosId() >= 0) {
            out.add(vocab.bosId());
        }
        for (SpecialTokens.Piece piece : specials.split(text)) {
            if (piece.id() >= 0) {
                out.add(piece.id());
            } else {
                for (String word : pre.split(pre.normalize(piece.text()))) {
                    out.addAll(encodeWord(ByteLevel.encode(word)));
                }
            }
        }
        if (addSpecialTokens && vocab.addEos() && vocab.eosId() >= 0) {
            out.add(vocab.eosId());
        }
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] result;
        Integer whole = pre.ignoreMerges() ? ids.get(word) : null;
        result = whole != null ? new int[] {whole} : merge(word);
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(word, result);
        return result;
    }

    /** Applies the merges to one pre-token: a doubly linked list of symbols and a heap of candidate pairs. */
    private int[] merge(String word) {
        int n = word.length();
        int[] sym = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            Integer id = ids.get(String.valueOf(word.charAt(i)));
            sym[i] = id != null ? id : vocab.unkId();
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            pushPair(heap, sym, i, i + 1);
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int left = (int) top;
            int right = next[left];
            if (sym[left] < 0 || right < 0 || mergeRank.get(pair(sym[left], sym[right])) != rank) {
                continue; // stale: one side was merged away since this pair was queued
            }
            sym[left] = mergeResult[rank];
            sym[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                pushPair(heap, sym, prev[left], left);
            }
            if (next[left] >= 0) {
                pushPair(heap, sym, left, next[left]);
            }
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0; i = next[i]) {
            if (sym[i] >= 0) {
                out.add(sym[i]);
            }
        }
        return out.toArray();
    }

    private void pushPair(LongHeap heap, int[] sym, int left, int right) {
        if (sym[left] < 0 || sym[right] < 0) {
            return;
        }
        int rank = mergeRank.get(pair(sym[left], sym[right]));
        if (rank >= 0) {
            heap.push(((long) rank << 32) | left);
        }
    }

    @Override
    public String decode(int[] tokenIds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] tokens = vocab.tokens();
        for (int id : tokenIds) {
            if (id < 0 || id >= tokens.length) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.length);
            }
            int type = vocab.type(id);
            if (type == GgufVocabulary.CONTROL || type == GgufVocabulary.USER_DEFINED || !ByteLevel.decode(tokens[id], bytes)) {
                bytes.writeBytes(tokens[id].getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabularySize() {
        return vocab.size();
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A binary min-heap of longs. */
    static final class LongHeap {
        private long[] h;
        private int n;

        LongHeap(int capacity) {
            h = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return n == 0;
        }

        void push(long v) {
            if (n == h.length) {
                h = Arrays.copyOf(h, n * 2);
            }
            int i = n++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (h[p] <= v) {
                    break;
                }
                h[i] = h[p];
                i = p;
            }
            h[i] = v;
        }

        long pop() {
            long top = h[0];
            long last = h[--n];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= n) {
                    break;
                }
                if (c + 1 < n && h[c + 1] < h[c]) {
                    c++;
                }
                if (last <= h[c]) {
                    break;
                }
                h[i] = h[c];
                i = c;
            }
            h[i] = last;
            return top;
        }
    }
}
