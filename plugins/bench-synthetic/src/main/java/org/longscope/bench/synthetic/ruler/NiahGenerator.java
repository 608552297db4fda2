package org.longscope.bench.synthetic.ruler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.longscope.bench.synthetic.Draft;
import org.longscope.bench.synthetic.Pieces;
import org.longscope.bench.synthetic.Resources;

/** RULER's niah.py: needles "One of the special magic {type} for {key} is: {value}." in a haystack. */
final class NiahGenerator implements PromptGenerator {
    static final String NEEDLE = "One of the special magic {type_needle_v} for {key} is: {value}.";
    static final String NOISE = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";
    /** np.round(np.linspace(0, 100, num=40)). */
    static final int[] DEPTHS = depths();

    private final RulerTask.NiahConfig config;
    private final long haystackSeed;
    private final List<String> needles;
    private final List<String> answers;
    private final String head;
    private final String tail;
    private final String answerPrefix;
    private final List<String> essay;

    NiahGenerator(RulerTask.NiahConfig config, Random random) {
        this.config = config;
        this.essay = Resources.essaySentences();
        List<String> keys = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        List<String> needleList = new ArrayList<>();
        for (int k = 0; k < config.keys(); k++) {
            keys.add(draw(config.keyType(), random));
            List<String> vs = new ArrayList<>();
            for (int v = 0; v < config.values(); v++) {
                vs.add(draw(config.valueType(), random));
                needleList.add(needle(config.valueType(), keys.getLast(), vs.getLast()));
            }
            values.add(vs);
        }
        this.needles = RandomDraws.shuffled(needleList, random);
        int[] asked = RandomDraws.sample(random, config.keys(), config.queries());
        List<String> queries = new ArrayList<>();
        List<String> answerList = new ArrayList<>();
        for (int i : asked) {
            queries.add(keys.get(i));
            answerList.addAll(values.get(i));
        }
        this.answers = List.copyOf(answerList);
        String query = queries.size() > 1
                ? String.join(", ", queries.subList(0, queries.size() - 1)) + ", and " + queries.getLast()
                : queries.getFirst();
        String template = RulerTask.Kind.NIAH.template;
        String prefix = RulerTask.Kind.NIAH.answerPrefix;
        String type = config.valueType();
        if (config.queries() * config.values() == 1) {
            template = singular(template);
            prefix = singular(prefix);
            type = type.substring(0, type.length() - 1);
        }
        Map<String, String> fill = Map.of("type_needle_v", type, "query", query);
        this.head = PromptGenerator.fill(PromptGenerator.head(template), fill);
        this.tail = PromptGenerator.fill(PromptGenerator.tail(template), fill);
        this.answerPrefix = PromptGenerator.fill(prefix, fill);
        this.haystackSeed = random.nextLong();
    }

    /** niah.py's rewrite when a single value is asked. */
    static String singular(String template) {
        return template.replace("Some", "A").replace("are all", "is").replace("are", "is").replace("answers", "answer");
    }

    @Override
    public String answerPrefix() {
        return answerPrefix;
    }

    @Override
    public int minAmount() {
        return needles.size();
    }

    @Override
    public int maxAmount() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Draft build(int amount) {
        Random random = new Random(haystackSeed);
        Pieces p = new Pieces(amount + needles.size() + 4);
        p.add(head);
        if (config.haystack().equals("essay")) {
            essay(p, amount, random);
        } else {
            lines(p, amount, random);
        }
        p.add(tail);
        return new Draft(p.list(), amount, answers, Map.of());
    }

    /** Essay: the first {@code amount} sentences, needles inserted at sentence boundaries at random depths. */
    private void essay(Pieces p, int amount, Random random) {
        int[] positions = new int[needles.size()];
        int[] depthIdx = RandomDraws.sample(random, DEPTHS.length, needles.size());
        for (int i = 0; i < positions.length; i++) {
            positions[i] = (int) (amount * (DEPTHS[depthIdx[i]] / 100.0));
        }
        Arrays.sort(positions);
        int needle = 0;
        boolean first = true;
        for (int s = 0; s <= amount; s++) {
            while (needle < positions.length && positions[needle] == s) {
                p.add((first ? "" : " ") + needles.get(needle++));
                first = false;
            }
            if (s < amount) {
                // the corpus repeats when a length needs more sentences than it has
                p.add((first ? "" : " ") + essay.get(s % essay.size()));
                first = false;
            }
        }
    }

    /** Repeated noise or distractor needles, one per line, needles inserted at random lines. */
    private void lines(Pieces p, int amount, Random random) {
        List<List<String>> lines = new ArrayList<>(amount + needles.size());
        if (config.haystack().equals("repeat")) {
            List<String> noise = List.of(NOISE);
            for (int i = 0; i < amount; i++) {
                lines.add(noise);
            }
        } else {
            for (int i = 0; i < amount; i++) {
                lines.add(needlePieces(config.valueType(), draw(config.keyType(), random), draw(config.valueType(), random)));
            }
        }
        Random positions = new Random(haystackSeed ^ amount);
        int[] at = RandomDraws.sample(positions, amount, needles.size());
        Integer[] order = new Integer[at.length];
        for (int i = 0; i < at.length; i++) {
            order[i] = at[i];
        }
        Arrays.sort(order, java.util.Collections.reverseOrder());
        for (int i = 0; i < order.length; i++) {
            lines.add(order[i], List.of(needles.get(i)));
        }
        for (int i = 0; i < lines.size(); i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                p.add(i > 0 && j == 0 ? "\n" + line.get(j) : line.get(j));
            }
        }
    }

    /**
     * A distractor needle in pieces at pre-tokenizer boundaries (" adj", "-noun", " ", "123",
     * "4567"...), so that the counts of its parts are cached across lines.
     */
    static List<String> needlePieces(String type, String key, String value) {
        List<String> out = new ArrayList<>(10);
        out.add("One of the special magic " + type + " for");
        splitValue(out, key);
        out.add(" is:");
        splitValue(out, value);
        out.add(".");
        return out;
    }

    private static void splitValue(List<String> out, String value) {
        if (allDigits(value)) {
            out.add(" ");
            for (int i = 0; i < value.length(); i += 3) {
                out.add(value.substring(i, Math.min(value.length(), i + 3)));
            }
        } else if (value.indexOf('-') > 0 && value.indexOf('-') == value.lastIndexOf('-') && !hasDigit(value)) {
            int dash = value.indexOf('-');
            out.add(" " + value.substring(0, dash));
            out.add(value.substring(dash));
        } else {
            out.add(" " + value);
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String needle(String type, String key, String value) {
        return NEEDLE.replace("{type_needle_v}", type).replace("{key}", key).replace("{value}", value);
    }

    private static String draw(String type, Random random) {
        return switch (type) {
            case "numbers" -> RandomDraws.number(random, 7);
            case "uuids" -> RandomDraws.uuid(random);
            case "words" -> RandomDraws.word(random, Resources.adjectives(), Resources.nouns());
            default -> throw new IllegalArgumentException("unknown needle type " + type);
        };
    }

    private static int[] depths() {
        int[] d = new int[40];
        for (int i = 0; i < 40; i++) {
            d[i] = (int) Math.rint(100.0 * i / 39);
        }
        return d;
    }
}
