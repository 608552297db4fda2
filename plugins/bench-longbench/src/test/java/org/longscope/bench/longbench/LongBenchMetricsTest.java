package org.longscope.bench.longbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscope.bench.longbench.LongBenchMetrics.Metric;

/**
 * The metrics and the segmentation against upstream's own values for seeded cases
 * (metrics-golden.jsonl and segmentation-golden.jsonl, written by make_metrics_golden.py with
 * LongBench's metrics.py and eval.py, jieba 0.42.1, rouge 1.0.1 and fuzzywuzzy).
 */
class LongBenchMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMetricFunctionGivesUpstreamsValue() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : golden("metrics-golden.jsonl")) {
            if (!c.has("metric")) {
                continue;
            }
            Metric metric = Arrays.stream(Metric.values()).filter(m -> m.upstreamName.equals(c.get("metric").asText()))
                    .findFirst().orElseThrow();
            double actual = LongBenchMetrics.score(metric, c.get("prediction").asText(), c.get("ground_truth").asText(),
                    classes(c));
            checked++;
            if (actual != c.get("expected").asDouble()) {
                mismatches.add(metric.upstreamName + "(" + c.get("prediction") + ", " + c.get("ground_truth") + ") = " + actual
                        + ", upstream " + c.get("expected").asDouble());
            }
        }
        assertTrue(checked > 700, "golden cases read: " + checked);
        assertEquals(List.of(), mismatches);
    }

    /** eval.py's scorer per item: few-shot first-line cut, max over references, rouge's recursion limit on eval.py's stack. */
    @Test
    void wholeItemsScoreAsEvalPyScoresThem() throws IOException {
        int checked = 0;
        for (JsonNode c : golden("metrics-golden.jsonl")) {
            if (!c.has("task")) {
                continue;
            }
            LongBenchTask task = LongBenchTask.byId(c.get("task").asText()).orElseThrow();
            List<String> answers = JSON.convertValue(c.get("answers"), new TypeReference<>() { });
            double actual = LongBenchMetrics.score(task, c.get("prediction").asText(), answers, classes(c));
            // eval.py rounds the percentage to two decimals
            assertEquals(c.get("expected").asDouble() * 100, actual * 100, 0.005 + 1e-9, task.id + ": " + c.get("prediction"));
            checked++;
        }
        assertEquals(11, checked);
    }

    @Test
    void chineseSegmentationIsJiebasPreciseMode() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : golden("segmentation-golden.jsonl")) {
            List<String> expected = JSON.convertValue(c.get("words"), new TypeReference<>() { });
            List<String> actual = Segmenter.cut(c.get("text").asText());
            checked++;
            if (!actual.equals(expected)) {
                mismatches.add(c.get("text").asText() + " -> " + actual + ", jieba " + expected);
            }
        }
        assertEquals(417, checked);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void pythonsRoundingOfTheFuzzyRatioIsHalfToEven() {
        // fuzz.ratio: 2 * 5 / 16 = 62.5 rounds to 62, not 63; 2 * 2 / 6 = 66.67 to 67
        assertEquals(62, LongBenchMetrics.fuzzRatio("abcdefgh", "abcdexyz"));
        assertEquals(67, LongBenchMetrics.fuzzRatio("abc", "abd"));
    }

    private static List<String> classes(JsonNode c) {
        return c.get("all_classes").isNull() ? List.of() : JSON.convertValue(c.get("all_classes"), new TypeReference<>() { });
    }

    private static List<JsonNode> golden(String name) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LongBenchMetricsTest.class.getResourceAsStream("/longbench/" + name), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                cases.add(JSON.readTree(line));
            }
        }
        return cases;
    }
}
