package org.longscope.judge.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.longscope.api.InvalidInputException;
import org.longscope.api.judge.JudgeContext;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;
import org.longscope.api.model.ChatMessage;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;

/** The judges' rules over a context whose model answers from a table: what they ask and how they rank. */
class ScalarJudgesTest {

    /** Rewards and log-probabilities looked up by the last message or the continuation; records each call. */
    static final class TableContext implements JudgeContext {
        final Map<String, Double> rewards;
        final Map<String, float[]> logProbs;
        final List<List<ChatMessage>> asked = new ArrayList<>();

        TableContext(Map<String, Double> rewards, Map<String, float[]> logProbs) {
            this.rewards = rewards;
            this.logProbs = logProbs;
        }

        @Override
        public ModelInfo model() {
            return new ModelInfo("table", "test", 100, null, null, null, true, true, true, Map.of());
        }

        @Override
        public Tokenizer tokenizer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String generate(List<ChatMessage> messages, int truncateMessage, int maxNewTokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double reward(List<ChatMessage> conversation, int truncateMessage) {
            asked.add(conversation);
            return rewards.get(conversation.getLast().content());
        }

        @Override
        public float[] continuationLogProbs(List<ChatMessage> prompt, int truncateMessage, String continuation) {
            asked.add(prompt);
            boolean withContext = prompt.stream().anyMatch(m -> m.content().equals("CONTEXT"));
            return logProbs.get((withContext ? "" : "bare:") + continuation);
        }
    }

    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.user("CONTEXT"), ChatMessage.user("question?"));

    @Test
    void scalarScoresEachCandidateAsTheAssistantTurnAndRanksHighestFirst() {
        TableContext context = new TableContext(Map.of("a", 0.2, "b", 0.9, "c", 0.9, "d", 0.1), Map.of());
        JudgeRequest request = new JudgeRequest(JudgeRequest.Mode.RANKING, PROMPT, 0, List.of("a", "b", "c", "d"));
        Verdict v = new ScalarJudge().judge(request, context, Map.of());
        assertEquals(List.of(1, 2, 0, 3), v.ranking(), "b and c tie: b, shown first, ranks first");
        assertTrue(v.tie());
        assertEquals(List.of(0.2, 0.9, 0.9, 0.1), v.scores());
        assertEquals(List.of(PROMPT.get(0), PROMPT.get(1), ChatMessage.assistant("a")), context.asked.get(0));
    }

    @Test
    void scalarRefusesAModelWithoutScoreHead() {
        ModelInfo plain = new ModelInfo("plain", "llama", 100, null, null, null, true, false, Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ScalarJudge().check(plain, Map.of()));
        assertTrue(e.getMessage().startsWith("judge.model: the scalar judge needs a reward model"), e.getMessage());
    }

    @Test
    void theLikelihoodJudgeRefusesAModelWithoutLogProbabilities() {
        ModelInfo plain = new ModelInfo("plain", "remote", 100, null, null, null, false, false, Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new LikelihoodJudge().check(plain, Map.of()));
        assertTrue(e.getMessage().startsWith("judge.model: the likelihood judge needs a model that gives log-probabilities"),
                e.getMessage());
    }

    @Test
    void likelihoodIsTheMeanLogProbabilityAndNormalizeSubtractsItWithoutTheContext() {
        TableContext context = new TableContext(Map.of(), Map.of(
                "right", new float[] {-1f, -3f}, "wrong", new float[] {-0.5f, -0.5f},
                "bare:right", new float[] {-4f, -4f}, "bare:wrong", new float[] {-0.5f, -1.5f}));
        JudgeRequest request = new JudgeRequest(JudgeRequest.Mode.PAIRWISE, PROMPT, 0, List.of("right", "wrong"));
        Verdict plain = new LikelihoodJudge().judge(request, context, Map.of());
        assertEquals(List.of(-2.0, -0.5), plain.scores());
        assertEquals(List.of(1, 0), plain.ranking(), "the fluent wrong answer is likelier");
        Verdict grounded = new LikelihoodJudge().judge(request, context, Map.of("normalize", "true"));
        assertEquals(List.of(2.0, 0.5), grounded.scores());
        assertEquals(List.of(0, 1), grounded.ranking(), "the context makes the right answer likelier");
        assertEquals(List.of(PROMPT.get(1)), context.asked.get(3), "without the context message");
        assertThrows(InvalidInputException.class, () -> new LikelihoodJudge().check(context.model(), Map.of("k", 1)));
    }

    @Test
    void anEmptyResponseIsAsUnlikelyAsCanBe() {
        assertEquals(Double.NEGATIVE_INFINITY, LikelihoodJudge.mean(new float[0]));
    }
}
