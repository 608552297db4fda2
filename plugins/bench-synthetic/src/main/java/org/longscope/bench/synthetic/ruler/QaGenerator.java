package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.Pieces;

/**
 * RULER's qa.py: the question's gold documents, then its preferred distractors, then random other
 * documents, shuffled and numbered "Document i:".
 */
final class QaGenerator implements PromptGenerator {
    private final QaDataset data;
    private final QaDataset.Question question;
    private final int[] others;
    private final long seed;
    private final String head;
    private final String tail;

    QaGenerator(QaDataset data, int questionIndex, Random random) {
        this.data = data;
        this.question = data.questions().get(questionIndex);
        Set<Integer> used = new HashSet<>(question.context());
        used.addAll(question.more());
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < data.documents().size(); i++) {
            if (!used.contains(i)) {
                rest.add(i);
            }
        }
        // one random order of the other documents; an amount takes a prefix of it
        int[] order = RandomDraws.sample(random, rest.size(), rest.size());
        this.others = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            others[i] = rest.get(order[i]);
        }
        this.seed = random.nextLong();
        Map<String, String> fill = Map.of("query", question.query());
        this.head = PromptGenerator.fill(PromptGenerator.head(RulerTask.Kind.QA.template), fill);
        this.tail = PromptGenerator.fill(PromptGenerator.tail(RulerTask.Kind.QA.template), fill);
    }

    List<String> answers() {
        return question.outputs();
    }

    @Override
    public String answerPrefix() {
        return RulerTask.Kind.QA.answerPrefix;
    }

    @Override
    public int minAmount() {
        return question.context().size();
    }

    @Override
    public int maxAmount() {
        return data.documents().size();
    }

    @Override
    public Draft build(int amount) {
        return build(amount, List.of());
    }

    /**
     * The prompt with {@code amount} documents, topped up with further distractors that fit in
     * {@code leftover} tokens: documents come whole, so at short lengths the next one in line can
     * be larger than the room left while a later one is not. Scans at most 256 candidates.
     */
    Draft topUp(Draft fitted, long leftover, org.longscope.bench.synthetic.TokenCounter counter) {
        int amount = fitted.amount();
        int fromOthers = Math.max(0, amount - question.context().size() - question.more().size());
        List<Integer> extra = new ArrayList<>();
        long room = leftover;
        for (int j = fromOthers; j < others.length && j < fromOthers + 256 && room > 0; j++) {
            String header = "\n\nDocument " + (amount + extra.size() + 1) + ":\n";
            long cost = counter.piece(header) + counter.piece(data.documents().get(others[j]));
            if (cost <= room) {
                extra.add(others[j]);
                room -= cost;
            }
        }
        return extra.isEmpty() ? fitted : build(amount, extra);
    }

    private Draft build(int amount, List<Integer> extra) {
        List<Integer> docs = new ArrayList<>(question.context());
        Random random = new Random(seed);
        int fromMore = Math.min(question.more().size(), amount - docs.size());
        if (fromMore < question.more().size()) {
            for (int i : RandomDraws.sample(random, question.more().size(), fromMore)) {
                docs.add(question.more().get(i));
            }
        } else {
            docs.addAll(question.more());
        }
        for (int i = 0; docs.size() < amount && i < others.length; i++) {
            docs.add(others[i]);
        }
        docs.addAll(extra);
        java.util.Collections.shuffle(docs, new Random(seed));
        Pieces p = new Pieces(2 * docs.size() + 2);
        p.add(head);
        for (int i = 0; i < docs.size(); i++) {
            p.add((i == 0 ? "" : "\n\n") + "Document " + (i + 1) + ":\n");
            p.add(data.documents().get(docs.get(i)));
        }
        p.add(tail);
        return new Draft(p.list(), amount, question.outputs(), Map.of());
    }
}
