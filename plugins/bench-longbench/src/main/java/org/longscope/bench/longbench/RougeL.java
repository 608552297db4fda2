package org.longscope.bench.longbench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ROUGE-L F as LongBench computes it: {@code Rouge().get_scores([hyp], [ref], avg=True)["rouge-l"]["f"]}
 * of the {@code rouge} package (pltrdy/rouge 1.0.1), 0.0 where that call raises. Both texts are
 * split into sentences at every "."; the summary-level LCS counts distinct words (the package's
 * default {@code exclusive=True} sets), unioned over the hypothesis sentences per reference sentence.
 */
final class RougeL {
    /**
     * The package rebuilds each LCS by recursion, one Python frame per step; Python's default limit
     * of 1000 frames, less those of LongBench's call chain, makes it raise for a longer path and
     * LongBench score 0. Measured with CPython 3.11 through LongBench's eval.py: 990 steps pass,
     * 991 raise ({@code rouge_score}); {@code rouge_zh_score} adds one frame.
     */
    static final int RECURSION_STEPS_ROUGE = 990;

    private RougeL() {
    }

    /** {@code maxSteps}: the longest LCS reconstruction upstream completes on the caller's path. */
    static double f(String hypothesis, String reference, int maxSteps) {
        List<String[]> hyp = sentences(hypothesis);
        List<String[]> ref = sentences(reference);
        if (hyp.isEmpty() || ref.isEmpty()) {
            return 0.0; // the package raises "Hypothesis is empty." / "Reference is empty."
        }
        int m = distinct(ref).size();
        int n = distinct(hyp).size();
        Set<String> union = new HashSet<>();
        int llcs = 0;
        for (String[] referenceWords : ref) {
            int before = union.size();
            for (String[] evaluatedWords : hyp) {
                List<String> lcs = lcsWords(referenceWords, evaluatedWords, maxSteps);
                if (lcs == null) {
                    return 0.0;
                }
                union.addAll(lcs);
            }
            llcs += union.size() - before;
        }
        double r = (double) llcs / m;
        double p = (double) llcs / n;
        return 2.0 * ((p * r) / (p + r + 1e-8));
    }

    /** {@code [" ".join(s.split()) for s in text.split(".") if len(s) > 0]}, each split on " " into words. */
    private static List<String[]> sentences(String text) {
        List<String[]> sentences = new ArrayList<>();
        for (String sentence : text.split("\\.", -1)) {
            if (!sentence.isEmpty()) {
                sentences.add(String.join(" ", PythonText.split(sentence)).split(" ", -1));
            }
        }
        return sentences;
    }

    private static Set<String> distinct(List<String[]> sentences) {
        Set<String> words = new HashSet<>();
        sentences.forEach(s -> words.addAll(Arrays.asList(s)));
        return words;
    }

    /** _recon_lcs: the words of one LCS of x and y, walked back as the package does; null where its recursion would overflow. */
    private static List<String> lcsWords(String[] x, String[] y, int maxSteps) {
        int[][] table = new int[x.length + 1][y.length + 1];
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                table[i][j] = x[i - 1].equals(y[j - 1]) ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        List<String> words = new ArrayList<>();
        int steps = 0;
        for (int i = x.length, j = y.length; i > 0 && j > 0; steps++) {
            if (x[i - 1].equals(y[j - 1])) {
                words.add(x[i - 1]);
                i--;
                j--;
            } else if (table[i - 1][j] > table[i][j - 1]) {
                i--;
            } else {
                j--;
            }
        }
        return steps > maxSteps ? null : words;
    }
}
