package org.longscope.bench.longbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese word segmentation exactly as upstream's {@code jieba.cut(text, cut_all=False)} (jieba
 * 0.42.1, precise mode with HMM): block splitting, the prefix-dictionary DAG, the best route by
 * word frequency, and the HMM (Viterbi over B/M/E/S) for runs of characters outside the
 * dictionary. The dictionary and the HMM emission table are jieba's, as the jieba-analysis
 * artifact ships them; its own segmenter deviates from Python jieba (it lowercases the dictionary,
 * keeps an in-dictionary run of single characters whole and does not split blocks), so the
 * algorithm is ported here instead.
 */
final class Segmenter {
    private static final Pattern HAN_BLOCK = Pattern.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]+");
    /** {@code \r\n|\s} with Python's whitespace (str.isspace), which is not Java's. */
    private static final Pattern SKIP = Pattern.compile(
            "\r\n|[\t\n\u000B\f\r\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]");
    private static final Pattern HMM_HAN = Pattern.compile("[\u4E00-\u9FD5]+");
    private static final Pattern HMM_SKIP = Pattern.compile("[a-zA-Z0-9]+(?:\\.\\d+)?%?", Pattern.UNICODE_CHARACTER_CLASS);
    private static final double MIN_FLOAT = -3.14e100;
    private static final String STATES = "BMES";
    /** finalseg/prob_start.py and prob_trans.py, indexed by STATES. */
    private static final double[] START = {-0.26268660809250016, MIN_FLOAT, MIN_FLOAT, -1.4652633398537678};
    private static final double[][] TRANS = {
            {MIN_FLOAT, -0.916290731874155, -0.510825623765990, MIN_FLOAT},
            {MIN_FLOAT, -1.2603623820268226, -0.33344856811948514, MIN_FLOAT},
            {-0.5897149736854513, MIN_FLOAT, MIN_FLOAT, -0.8085250474669937},
            {-0.7211965654669841, MIN_FLOAT, MIN_FLOAT, -0.6658631448798212}};
    /** finalseg's PrevStatus: B from E or S, M from M or B, E from B or M, S from S or E. */
    private static final int[][] PREVIOUS = {{2, 3}, {1, 0}, {0, 1}, {3, 2}};
    /** The one entry of jieba 0.42.1's dict.txt (line 76,275) that jieba-analysis's copy lacks. */
    private static final String[] MISSING_ENTRY = {"吉林", "89"};

    private static final Segmenter INSTANCE = new Segmenter();

    /** Word frequencies, with every prefix of a word present at 0, as jieba's gen_pfdict builds them. */
    private final Map<String, Long> frequencies = new HashMap<>(700_000);
    private final double logTotal;
    private final List<Map<Character, Double>> emission = new ArrayList<>();

    private Segmenter() {
        long total = 0;
        try (BufferedReader dict = resource("/dict.txt")) {
            for (String line; (line = dict.readLine()) != null; ) {
                String[] fields = line.strip().split(" ");
                total += addWord(fields[0], Long.parseLong(fields[1]));
            }
            total += addWord(MISSING_ENTRY[0], Long.parseLong(MISSING_ENTRY[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("jieba dictionary dict.txt unreadable", e);
        }
        logTotal = Math.log(total);
        for (int s = 0; s < 4; s++) {
            emission.add(new HashMap<>());
        }
        try (BufferedReader emit = resource("/prob_emit.txt")) {
            Map<Character, Double> state = null;
            for (String line; (line = emit.readLine()) != null; ) {
                if (line.length() == 1) {
                    state = emission.get(STATES.indexOf(line.charAt(0)));
                } else if (state != null && !line.isEmpty()) {
                    state.put(line.charAt(0), Double.parseDouble(line.substring(line.indexOf('\t') + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("jieba HMM table prob_emit.txt unreadable", e);
        }
    }

    private long addWord(String word, long frequency) {
        frequencies.put(word, frequency);
        for (int end = 1; end < word.length(); end++) {
            frequencies.putIfAbsent(word.substring(0, end), 0L);
        }
        return frequency;
    }

    private static BufferedReader resource(String name) throws IOException {
        InputStream in = Segmenter.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the bundle's class path");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static List<String> cut(String text) {
        List<String> words = new ArrayList<>();
        INSTANCE.cut(text, words);
        return words;
    }

    /** jieba.Tokenizer.cut: dictionary blocks through the DAG; elsewhere whitespace pieces whole, other characters one by one. */
    private void cut(String text, List<String> words) {
        for (Piece block : Piece.split(HAN_BLOCK, text)) {
            if (block.matched) {
                cutDag(block.text, words);
                continue;
            }
            for (Piece piece : Piece.split(SKIP, block.text)) {
                if (piece.matched) {
                    words.add(piece.text);
                } else {
                    piece.text.codePoints().forEach(c -> words.add(Character.toString(c)));
                }
            }
        }
    }

    /** jieba.Tokenizer.__cut_DAG. */
    private void cutDag(String sentence, List<String> words) {
        int[] route = route(sentence);
        StringBuilder buffer = new StringBuilder();
        for (int x = 0; x < sentence.length(); ) {
            int y = route[x] + 1;
            if (y - x == 1) {
                buffer.append(sentence.charAt(x));
            } else {
                flushSingles(buffer, words);
                words.add(sentence.substring(x, y));
            }
            x = y;
        }
        flushSingles(buffer, words);
    }

    /** A run of single characters: one word if it is one character, else the HMM unless the run is itself a word, then each character. */
    private void flushSingles(StringBuilder buffer, List<String> words) {
        String run = buffer.toString();
        buffer.setLength(0);
        if (run.length() == 1) {
            words.add(run);
        } else if (!run.isEmpty() && frequencies.getOrDefault(run, 0L) == 0) {
            cutHmm(run, words);
        } else {
            run.chars().forEach(c -> words.add(Character.toString((char) c)));
        }
    }

    /** jieba.Tokenizer.get_DAG and calc: the best segmentation by log frequency, ties to the longer word. */
    private int[] route(String sentence) {
        int n = sentence.length();
        double[] best = new double[n + 1];
        int[] end = new int[n + 1];
        for (int idx = n - 1; idx >= 0; idx--) {
            best[idx] = Double.NEGATIVE_INFINITY;
            for (int x : dag(sentence, idx)) {
                long frequency = frequencies.getOrDefault(sentence.substring(idx, x + 1), 0L);
                double score = Math.log(frequency == 0 ? 1 : frequency) - logTotal + best[x + 1];
                if (score > best[idx] || (score == best[idx] && x > end[idx])) {
                    best[idx] = score;
                    end[idx] = x;
                }
            }
        }
        return end;
    }

    private List<Integer> dag(String sentence, int k) {
        List<Integer> ends = new ArrayList<>();
        for (int i = k; i < sentence.length(); i++) {
            Long frequency = frequencies.get(sentence.substring(k, i + 1));
            if (frequency == null) {
                break;
            }
            if (frequency > 0) {
                ends.add(i);
            }
        }
        if (ends.isEmpty()) {
            ends.add(k);
        }
        return ends;
    }

    /** finalseg.cut: Chinese runs through the Viterbi path; between them, Latin words and numbers whole. */
    private void cutHmm(String text, List<String> words) {
        for (Piece block : Piece.split(HMM_HAN, text)) {
            if (block.matched) {
                viterbiWords(block.text, words);
            } else {
                for (Piece piece : Piece.split(HMM_SKIP, block.text)) {
                    if (!piece.text.isEmpty()) {
                        words.add(piece.text);
                    }
                }
            }
        }
    }

    /** finalseg.viterbi and __cut: the most likely B/M/E/S tags (ties to the later state letter), then words from them. */
    private void viterbiWords(String sentence, List<String> words) {
        int n = sentence.length();
        double[][] v = new double[n][4];
        int[][] from = new int[n][4];
        for (int s = 0; s < 4; s++) {
            v[0][s] = START[s] + emit(s, sentence.charAt(0));
        }
        for (int t = 1; t < n; t++) {
            for (int s = 0; s < 4; s++) {
                double emitted = emit(s, sentence.charAt(t));
                int bestPrevious = -1;
                double best = 0;
                for (int previous : PREVIOUS[s]) {
                    double p = v[t - 1][previous] + TRANS[previous][s] + emitted;
                    if (bestPrevious < 0 || p > best || (p == best && STATES.charAt(previous) > STATES.charAt(bestPrevious))) {
                        best = p;
                        bestPrevious = previous;
                    }
                }
                v[t][s] = best;
                from[t][s] = bestPrevious;
            }
        }
        int state = v[n - 1][3] >= v[n - 1][2] ? 3 : 2; // max over E and S, S on a tie
        char[] tags = new char[n];
        for (int t = n - 1; t >= 0; t--) {
            tags[t] = STATES.charAt(state);
            state = from[t][state];
        }
        int begin = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (tags[i] == 'B') {
                begin = i;
            } else if (tags[i] == 'E') {
                words.add(sentence.substring(begin, i + 1));
                next = i + 1;
            } else if (tags[i] == 'S') {
                words.add(sentence.substring(i, i + 1));
                next = i + 1;
            }
        }
        if (next < n) {
            words.add(sentence.substring(next));
        }
    }

    private double emit(int state, char c) {
        return emission.get(state).getOrDefault(c, MIN_FLOAT);
    }

    /** One part of Python's {@code re.split} with a capturing pattern: the separators are kept, marked as matched. */
    private record Piece(String text, boolean matched) {
        static List<Piece> split(Pattern pattern, String text) {
            List<Piece> pieces = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            int last = 0;
            while (m.find()) {
                pieces.add(new Piece(text.substring(last, m.start()), false));
                pieces.add(new Piece(m.group(), true));
                last = m.end();
            }
            pieces.add(new Piece(text.substring(last), false));
            pieces.removeIf(p -> !p.matched && p.text.isEmpty());
            return pieces;
        }
    }
}
