package org.longscope.bench.synthetic.ruler;

import java.util.List;

/**
 * The 13 RULER tasks with their upstream configuration (scripts/synthetic.yaml) and templates
 * (scripts/data/synthetic/constants.py).
 */
public enum RulerTask {
    NIAH_SINGLE_1("niah_single_1", Kind.NIAH, NiahConfig.of("repeat", "words", "numbers", 1, 1, 1)),
    NIAH_SINGLE_2("niah_single_2", Kind.NIAH, NiahConfig.of("essay", "words", "numbers", 1, 1, 1)),
    NIAH_SINGLE_3("niah_single_3", Kind.NIAH, NiahConfig.of("essay", "words", "uuids", 1, 1, 1)),
    NIAH_MULTIKEY_1("niah_multikey_1", Kind.NIAH, NiahConfig.of("essay", "words", "numbers", 4, 1, 1)),
    NIAH_MULTIKEY_2("niah_multikey_2", Kind.NIAH, NiahConfig.of("needle", "words", "numbers", 1, 1, 1)),
    NIAH_MULTIKEY_3("niah_multikey_3", Kind.NIAH, NiahConfig.of("needle", "uuids", "uuids", 1, 1, 1)),
    NIAH_MULTIVALUE("niah_multivalue", Kind.NIAH, NiahConfig.of("essay", "words", "numbers", 1, 4, 1)),
    NIAH_MULTIQUERY("niah_multiquery", Kind.NIAH, NiahConfig.of("essay", "words", "numbers", 1, 1, 4)),
    VT("vt", Kind.VARIABLE_TRACKING, null),
    CWE("cwe", Kind.COMMON_WORDS, null),
    FWE("fwe", Kind.FREQUENT_WORDS, null),
    QA_1("qa_1", Kind.QA, null),
    QA_2("qa_2", Kind.QA, null);

    /** Upstream task families, with tokens to generate, template and answer prefix. */
    public enum Kind {
        NIAH(128, "retrieval", RulerMetrics.MATCH_ALL,
                "Some special magic {type_needle_v} are hidden within the following text. Make sure to memorize it. "
                        + "I will quiz you about the {type_needle_v} afterwards.\n{context}\n"
                        + "What are all the special magic {type_needle_v} for {query} mentioned in the provided text?",
                " The special magic {type_needle_v} for {query} mentioned in the provided text are"),
        VARIABLE_TRACKING(30, "multi-hop tracing", RulerMetrics.MATCH_ALL,
                "Memorize and track the chain(s) of variable assignment hidden in the following text.\n\n{context}\n"
                        + "Question: Find all variables that are assigned the value {query} in the text above.",
                // "assgined" is upstream's spelling
                " Answer: According to the chain(s) of variable assignment in the text above, {num_v} variables "
                        + "are assgined the value {query}, they are: "),
        COMMON_WORDS(120, "aggregation", RulerMetrics.MATCH_ALL,
                "Below is a numbered list of words. In these words, some appear more often than others. "
                        + "Memorize the ones that appear most often.\n{context}\n"
                        + "Question: What are the 10 most common words in the above list?",
                " Answer: The top 10 words that appear most often in the list are:"),
        FREQUENT_WORDS(50, "aggregation", RulerMetrics.MATCH_ALL,
                "Read the following coded text and track the frequency of each coded word. "
                        + "Find the three most frequently appeared coded words. {context}\n"
                        + "Question: Do not provide any explanation. Please ignore the dots '....'. "
                        + "What are the three most frequently appeared words in the above coded text?",
                " Answer: According to the coded text above, the three most frequently appeared words are:"),
        QA(32, "qa", RulerMetrics.MATCH_PART,
                "Answer the question based on the given documents. Only give me the answer and do not output any "
                        + "other words.\n\nThe following are given documents.\n\n{context}\n\n"
                        + "Answer the question based on the given documents. Only give me the answer and do not "
                        + "output any other words.\n\nQuestion: {query}",
                " Answer:");

        public final int tokensToGenerate;
        public final String ability;
        public final String metric;
        public final String template;
        public final String answerPrefix;

        Kind(int tokensToGenerate, String ability, String metric, String template, String answerPrefix) {
            this.tokensToGenerate = tokensToGenerate;
            this.ability = ability;
            this.metric = metric;
            this.template = template;
            this.answerPrefix = answerPrefix;
        }
    }

    /** niah.py's complexity configuration. */
    public record NiahConfig(String haystack, String keyType, String valueType, int keys, int values, int queries) {
        static NiahConfig of(String haystack, String keyType, String valueType, int keys, int values, int queries) {
            // niah.py: num_needle_k = max(num_needle_k, num_needle_q)
            return new NiahConfig(haystack, keyType, valueType, Math.max(keys, queries), values, queries);
        }
    }

    public final String id;
    public final Kind kind;
    public final NiahConfig niah;

    RulerTask(String id, Kind kind, NiahConfig niah) {
        this.id = id;
        this.kind = kind;
        this.niah = niah;
    }

    public static java.util.Optional<RulerTask> byId(String id) {
        for (RulerTask t : values()) {
            if (t.id.equals(id)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(t -> t.id).toList();
    }

    public String description() {
        return switch (this) {
            case NIAH_SINGLE_1 -> "one needle in repeated noise; word key, number value";
            case NIAH_SINGLE_2 -> "one needle in essays; word key, number value";
            case NIAH_SINGLE_3 -> "one needle in essays; word key, UUID value";
            case NIAH_MULTIKEY_1 -> "4 needles in essays, one asked";
            case NIAH_MULTIKEY_2 -> "every haystack line a needle (word keys, number values), one asked";
            case NIAH_MULTIKEY_3 -> "every haystack line a needle (UUID keys and values), one asked";
            case NIAH_MULTIVALUE -> "4 values for one key in essays, all asked";
            case NIAH_MULTIQUERY -> "4 needles in essays, all 4 asked";
            case VT -> "variable tracking: 1 chain of 4 hops in noise, with one worked example";
            case CWE -> "common words: the 10 most frequent words of a numbered list, with one worked example";
            case FWE -> "frequent words: the 3 most frequent coded words of a Zipf-distributed text";
            case QA_1 -> "SQuAD v2 dev question among distractor paragraphs";
            case QA_2 -> "HotpotQA dev (distractor) question among distractor paragraphs";
        };
    }
}
