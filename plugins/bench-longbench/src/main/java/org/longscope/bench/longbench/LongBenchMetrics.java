package org.longscope.bench.longbench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LongBench's metrics, as {@code LongBench/metrics.py} and {@code eval.py} define them (THUDM/LongBench
 * at 2e00731): one score in [0, 1] per reference, the maximum over the references, after the
 * first-line cut of {@code trec}, {@code triviaqa}, {@code samsum} and {@code lsht}.
 */
final class LongBenchMetrics {
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"; // string.punctuation
    private static final String CN_PUNCTUATION =
            "！？｡。＂＃＄％＆＇（）＊＋，－／：；＜＝＞＠［＼］＾＿｀｛｜｝～｟｠｢｣､、〃》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〰〾〿–—‘’‛“”„‟…‧﹏.";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NUMBER = Pattern.compile("\\d+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PARAGRAPH = Pattern.compile("Paragraph (\\d+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PARAGRAPH_ZH = Pattern.compile("段落(\\d+)", Pattern.UNICODE_CHARACTER_CLASS);

    /** eval.py's dataset2metric, by metric function name. */
    enum Metric {
        QA_F1("qa_f1_score"), QA_F1_ZH("qa_f1_zh_score"), ROUGE("rouge_score"), ROUGE_ZH("rouge_zh_score"),
        CLASSIFICATION("classification_score"), RETRIEVAL("retrieval_score"), RETRIEVAL_ZH("retrieval_zh_score"),
        COUNT("count_score"), CODE_SIM("code_sim_score");

        final String upstreamName;

        Metric(String upstreamName) {
            this.upstreamName = upstreamName;
        }
    }

    private LongBenchMetrics() {
    }

    /** eval.py's scorer for one item: the best score over the references. */
    static double score(LongBenchTask task, String prediction, List<String> answers, List<String> allClasses) {
        if (task.firstLineOnly) {
            prediction = lstrip(prediction, '\n').split("\n", -1)[0];
        }
        double best = 0;
        for (String answer : answers) {
            best = Math.max(best, score(task.metric, prediction, answer, allClasses));
        }
        return best;
    }

    static double score(Metric metric, String prediction, String groundTruth, List<String> allClasses) {
        return switch (metric) {
            case QA_F1 -> qaF1(prediction, groundTruth);
            case QA_F1_ZH -> qaF1Zh(prediction, groundTruth);
            case ROUGE -> RougeL.f(prediction, groundTruth, RougeL.RECURSION_STEPS_ROUGE);
            case ROUGE_ZH -> RougeL.f(String.join(" ", Segmenter.cut(prediction)), String.join(" ", Segmenter.cut(groundTruth)),
                    RougeL.RECURSION_STEPS_ROUGE - 1);
            case CLASSIFICATION -> classification(prediction, groundTruth, allClasses);
            case RETRIEVAL -> retrieval(prediction, groundTruth, PARAGRAPH);
            case RETRIEVAL_ZH -> retrieval(prediction, groundTruth, PARAGRAPH_ZH);
            case COUNT -> countMatches(prediction, groundTruth);
            case CODE_SIM -> codeSim(prediction, groundTruth);
        };
    }

    static String normalizeAnswer(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(c -> PUNCTUATION.indexOf(c) < 0).forEach(kept::appendCodePoint);
        return String.join(" ", PythonText.split(ARTICLES.matcher(kept).replaceAll(" ")));
    }

    static String normalizeZhAnswer(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(c -> PUNCTUATION.indexOf(c) < 0 && CN_PUNCTUATION.indexOf(c) < 0).forEach(kept::appendCodePoint);
        return String.join("", PythonText.split(kept.toString()));
    }

    static double qaF1(String prediction, String groundTruth) {
        return f1(PythonText.split(normalizeAnswer(prediction)), PythonText.split(normalizeAnswer(groundTruth)));
    }

    static double qaF1Zh(String prediction, String groundTruth) {
        return f1(zhTokens(prediction), zhTokens(groundTruth));
    }

    private static List<String> zhTokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : Segmenter.cut(text)) {
            String normalized = normalizeZhAnswer(token);
            if (!normalized.isEmpty()) {
                tokens.add(normalized);
            }
        }
        return tokens;
    }

    /** f1_score: overlap of the two token multisets (Counter &). */
    static double f1(List<String> prediction, List<String> groundTruth) {
        Map<String, Integer> counts = new HashMap<>();
        groundTruth.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String token : prediction) {
            Integer left = counts.get(token);
            if (left != null && left > 0) {
                counts.put(token, left - 1);
                same++;
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = 1.0 * same / prediction.size();
        double recall = 1.0 * same / groundTruth.size();
        return (2 * precision * recall) / (precision + recall);
    }

    /**
     * classification_score, with upstream's removal from the list it iterates: a class right after
     * a removed one is skipped, as Python's list iterator skips it.
     */
    static double classification(String prediction, String groundTruth, List<String> allClasses) {
        List<String> matches = new ArrayList<>();
        for (String className : allClasses) {
            if (prediction.contains(className)) {
                matches.add(className);
            }
        }
        for (int index = 0; index < matches.size(); index++) {
            String term = matches.get(index);
            if (groundTruth.contains(term) && !term.equals(groundTruth)) {
                matches.remove(term);
            }
        }
        return matches.contains(groundTruth) ? 1.0 / matches.size() : 0.0;
    }

    static double retrieval(String prediction, String groundTruth, Pattern idPattern) {
        Matcher id = idPattern.matcher(groundTruth);
        if (!id.find()) {
            throw new IllegalArgumentException("reference '" + groundTruth + "' names no paragraph (expected " + idPattern.pattern() + ")");
        }
        return countMatches(prediction, id.group(1));
    }

    /** count_score and the end of retrieval_score: the share of the numbers in the prediction that equal the reference. */
    static double countMatches(String prediction, String expected) {
        Matcher m = NUMBER.matcher(prediction);
        int numbers = 0;
        int right = 0;
        while (m.find()) {
            numbers++;
            if (m.group().equals(expected)) {
                right++;
            }
        }
        return numbers == 0 ? 0.0 : (double) right / numbers;
    }

    /** code_sim_score: fuzz.ratio of the first line with no "`", "#" or "//", over 100. */
    static double codeSim(String prediction, String groundTruth) {
        String line = "";
        for (String candidate : lstrip(prediction, '\n').split("\n", -1)) {
            if (!candidate.contains("`") && !candidate.contains("#") && !candidate.contains("//")) {
                line = candidate;
                break;
            }
        }
        return fuzzRatio(line, groundTruth) / 100.0;
    }

    /** fuzzywuzzy's fuzz.ratio: equal strings 100, an empty one 0, else SequenceMatcher's ratio in percent, rounded half to even. */
    static int fuzzRatio(String a, String b) {
        if (a.equals(b)) {
            return 100;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return (int) Math.rint(100 * SequenceMatcher.ratio(a, b));
    }

    private static String lstrip(String s, char c) {
        int start = 0;
        while (start < s.length() && s.charAt(start) == c) {
            start++;
        }
        return s.substring(start);
    }
}
