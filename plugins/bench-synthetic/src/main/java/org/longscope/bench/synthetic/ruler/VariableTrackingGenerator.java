package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.Pieces;

/**
 * RULER's variable_tracking.py: chains "VAR X = 12345", "VAR Y = VAR X " hidden in repeated noise
 * lines; the answer is every variable of the first chain. A worked example (the same task at 500
 * tokens, with 3-letter names) comes first.
 */
final class VariableTrackingGenerator implements PromptGenerator {
    static final String NOISE = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.\n";
    static final int CHAINS = 1;
    static final int HOPS = 4;

    private final String example;
    private final List<List<String>> chains;
    private final List<String> answers;
    private final String head;
    private final String tail;
    private final String answerPrefix;
    private final long positionSeed;

    /**
     * @param example the worked example, already complete (empty for the example itself)
     */
    VariableTrackingGenerator(Random random, String example, boolean isExample) {
        this.example = example;
        int hops = isExample ? Math.min(10, HOPS) : HOPS;
        List<List<String>> vars = new ArrayList<>();
        this.chains = generateChains(random, CHAINS, hops, isExample ? 3 : 5, vars);
        this.answers = List.copyOf(vars.getFirst());
        String value = chains.getFirst().getFirst().substring(chains.getFirst().getFirst().lastIndexOf('=') + 1).strip();
        Map<String, String> fill = Map.of("query", value, "num_v", Integer.toString(hops + 1));
        String template = RulerTask.Kind.VARIABLE_TRACKING.template;
        this.head = PromptGenerator.fill(PromptGenerator.head(template), fill);
        this.tail = PromptGenerator.fill(PromptGenerator.tail(template), fill);
        this.answerPrefix = PromptGenerator.fill(RulerTask.Kind.VARIABLE_TRACKING.answerPrefix, fill);
        this.positionSeed = random.nextLong();
    }

    List<String> answers() {
        return answers;
    }

    private static List<List<String>> generateChains(Random r, int numChains, int hops, int letters, List<List<String>> varsOut) {
        List<String> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (all.size() < (hops + 1) * numChains) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < letters; i++) {
                sb.append((char) ('A' + r.nextInt(26)));
            }
            if (seen.add(sb.toString())) {
                all.add(sb.toString());
            }
        }
        List<List<String>> chains = new ArrayList<>();
        for (int c = 0; c < numChains; c++) {
            List<String> vars = all.subList(c * (hops + 1), (c + 1) * (hops + 1));
            varsOut.add(List.copyOf(vars));
            List<String> chain = new ArrayList<>();
            // np.random.randint(10000, 99999)
            chain.add("VAR " + vars.getFirst() + " = " + (10000 + r.nextInt(89999)));
            for (int j = 0; j < hops; j++) {
                chain.add("VAR " + vars.get(j + 1) + " = VAR " + vars.get(j) + " ");
            }
            chains.add(chain);
        }
        return chains;
    }

    @Override
    public String answerPrefix() {
        return answerPrefix;
    }

    @Override
    public int minAmount() {
        return chains.getFirst().size() + 1;
    }

    @Override
    public int maxAmount() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Draft build(int amount) {
        List<String> sentences = new ArrayList<>(amount + CHAINS * (HOPS + 1));
        for (int i = 0; i < amount; i++) {
            sentences.add(NOISE);
        }
        Random random = new Random(positionSeed ^ amount);
        for (List<String> chain : chains) {
            int[] positions = RandomDraws.sample(random, sentences.size(), chain.size());
            Arrays.sort(positions);
            for (int j = 0; j < chain.size(); j++) {
                sentences.add(positions[j] + j, chain.get(j));
            }
        }
        Pieces p = new Pieces(sentences.size() + 4);
        if (!example.isEmpty()) {
            p.add(example);
        }
        p.add(head);
        // upstream: " ".join(sentences).replace(". \n", ".\n")
        p.join(sentences, " ");
        p.add(tail);
        return new Draft(p.list(), amount, answers, Map.of());
    }

    /** The complete worked example: its prompt, answer prefix and answer, then a blank line. */
    static String example(Draft draft, String answerPrefix) {
        return draft.text() + answerPrefix + " " + String.join(" ", draft.answers()) + "\n\n";
    }
}
