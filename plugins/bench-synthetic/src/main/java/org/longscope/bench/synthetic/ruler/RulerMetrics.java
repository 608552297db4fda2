package org.longscope.bench.synthetic.ruler;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** RULER's scoring (scripts/eval/synthetic/constants.py and evaluate.py), per sample, x 100. */
public final class RulerMetrics {
    public static final String MATCH_ALL = "string_match_all";
    public static final String MATCH_PART = "string_match_part";
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f]");

    private RulerMetrics() {
    }

    /** evaluate.py's postprocess_pred: strip, control characters to line breaks, strip again. */
    public static String postprocess(String prediction) {
        String p = prediction == null ? "" : prediction.strip();
        return CONTROL.matcher(p).replaceAll("\n").strip();
    }

    /** Share of references contained in the lower-cased prediction, x 100. */
    public static double matchAll(String prediction, List<String> references) {
        if (references.isEmpty()) {
            return 0;
        }
        String p = prediction.toLowerCase(Locale.ROOT);
        int hit = 0;
        for (String r : references) {
            if (p.contains(r.toLowerCase(Locale.ROOT))) {
                hit++;
            }
        }
        return 100.0 * hit / references.size();
    }

    /** 100 if any reference is contained in the lower-cased prediction, else 0. */
    public static double matchPart(String prediction, List<String> references) {
        String p = prediction.toLowerCase(Locale.ROOT);
        for (String r : references) {
            if (p.contains(r.toLowerCase(Locale.ROOT))) {
                return 100;
            }
        }
        return 0;
    }
}
