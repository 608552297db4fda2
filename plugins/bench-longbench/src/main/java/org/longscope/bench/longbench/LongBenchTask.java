package org.longscope.bench.longbench;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.longscope.bench.longbench.LongBenchMetrics.Metric;

/**
 * LongBench v1's 21 tasks, with the facts upstream's {@code pred.py} and {@code eval.py} hard-code
 * per task: the category, whether LongBench-E has it, whether it runs without the chat template
 * ("chat models are better off without build prompts on these tasks"), the metric of
 * {@code dataset2metric} and whether only the first line of the answer is scored.
 */
enum LongBenchTask {
    NARRATIVEQA("narrativeqa", Category.SINGLE_DOC_QA, false, Metric.QA_F1),
    QASPER("qasper", Category.SINGLE_DOC_QA, true, Metric.QA_F1),
    MULTIFIELDQA_EN("multifieldqa_en", Category.SINGLE_DOC_QA, true, Metric.QA_F1),
    MULTIFIELDQA_ZH("multifieldqa_zh", Category.SINGLE_DOC_QA, false, Metric.QA_F1_ZH),
    HOTPOTQA("hotpotqa", Category.MULTI_DOC_QA, true, Metric.QA_F1),
    TWOWIKIMQA("2wikimqa", Category.MULTI_DOC_QA, true, Metric.QA_F1),
    MUSIQUE("musique", Category.MULTI_DOC_QA, false, Metric.QA_F1),
    DUREADER("dureader", Category.MULTI_DOC_QA, false, Metric.ROUGE_ZH),
    GOV_REPORT("gov_report", Category.SUMMARIZATION, true, Metric.ROUGE),
    QMSUM("qmsum", Category.SUMMARIZATION, false, Metric.ROUGE),
    MULTI_NEWS("multi_news", Category.SUMMARIZATION, true, Metric.ROUGE),
    VCSUM("vcsum", Category.SUMMARIZATION, false, Metric.ROUGE_ZH),
    TREC("trec", Category.FEW_SHOT, true, Metric.CLASSIFICATION),
    TRIVIAQA("triviaqa", Category.FEW_SHOT, true, Metric.QA_F1),
    SAMSUM("samsum", Category.FEW_SHOT, true, Metric.ROUGE),
    LSHT("lsht", Category.FEW_SHOT, false, Metric.CLASSIFICATION),
    PASSAGE_COUNT("passage_count", Category.SYNTHETIC, true, Metric.COUNT),
    PASSAGE_RETRIEVAL_EN("passage_retrieval_en", Category.SYNTHETIC, true, Metric.RETRIEVAL),
    PASSAGE_RETRIEVAL_ZH("passage_retrieval_zh", Category.SYNTHETIC, false, Metric.RETRIEVAL_ZH),
    LCC("lcc", Category.CODE, true, Metric.CODE_SIM),
    REPOBENCH_P("repobench-p", Category.CODE, true, Metric.CODE_SIM);

    /** LongBench's six task categories, the groups its result tables average over. */
    enum Category {
        SINGLE_DOC_QA("single_doc_qa"), MULTI_DOC_QA("multi_doc_qa"), SUMMARIZATION("summarization"),
        FEW_SHOT("few_shot"), SYNTHETIC("synthetic"), CODE("code");

        final String metric;

        Category(String metric) {
            this.metric = metric;
        }
    }

    final String id;
    final Category category;
    final boolean inLongBenchE;
    final Metric metric;
    /** {@code eval.py}: {@code prediction.lstrip('\n').split('\n')[0]} before scoring, for the few-shot tasks. */
    final boolean firstLineOnly;

    LongBenchTask(String id, Category category, boolean inLongBenchE, Metric metric) {
        this.id = id;
        this.category = category;
        this.inLongBenchE = inLongBenchE;
        this.metric = metric;
        this.firstLineOnly = category == Category.FEW_SHOT;
    }

    /** {@code pred.py}: the few-shot and code tasks go to the model without the chat template. */
    boolean withoutChatTemplate() {
        return category == Category.FEW_SHOT || category == Category.CODE;
    }

    /** samsum stops at a new line ({@code pred.py} adds the newline token to the end-of-sequence ids). */
    List<String> stop() {
        return this == SAMSUM ? List.of("\n") : List.of();
    }

    static Optional<LongBenchTask> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    static List<LongBenchTask> of(boolean longBenchE) {
        return Arrays.stream(values()).filter(t -> !longBenchE || t.inLongBenchE).toList();
    }
}
