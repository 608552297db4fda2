package org.longscope.bench.synthetic.ruler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.longscope.api.InvalidInputException;

/**
 * The documents and questions of RULER's QA tasks, read from the upstream files as qa.py does:
 * SQuAD v2 dev ({@code read_squad}: answerable questions, their paragraph, the other paragraphs of
 * the same article as preferred distractors) and HotpotQA dev distractor ({@code read_hotpotqa}:
 * every context paragraph as "title\ntext").
 *
 * @param questions the questions in file order
 * @param documents the distinct documents, sorted
 */
record QaDataset(List<Question> questions, List<String> documents) {

    /**
     * @param query    the question
     * @param outputs  accepted answers
     * @param context  indices of its gold documents
     * @param more     indices of preferred distractors (same SQuAD article)
     */
    record Question(String query, List<String> outputs, List<Integer> context, List<Integer> more) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static QaDataset readSquad(Path file) throws IOException {
        JsonNode root = parse(file);
        JsonNode data = require(root, "data", file, "");
        TreeSet<String> docs = new TreeSet<>();
        for (int a = 0; a < data.size(); a++) {
            JsonNode paragraphs = require(data.get(a), "paragraphs", file, "data[" + a + "]");
            for (int p = 0; p < paragraphs.size(); p++) {
                docs.add(text(paragraphs.get(p), "context", file, "data[" + a + "].paragraphs[" + p + "]"));
            }
        }
        List<String> documents = List.copyOf(docs);
        Map<String, Integer> index = indexOf(documents);
        List<Question> questions = new ArrayList<>();
        for (int a = 0; a < data.size(); a++) {
            JsonNode paragraphs = data.get(a).get("paragraphs");
            List<Integer> article = new ArrayList<>();
            paragraphs.forEach(p -> article.add(index.get(p.get("context").asText())));
            for (int p = 0; p < paragraphs.size(); p++) {
                String where = "data[" + a + "].paragraphs[" + p + "]";
                int doc = index.get(paragraphs.get(p).get("context").asText());
                JsonNode qas = require(paragraphs.get(p), "qas", file, where);
                for (int q = 0; q < qas.size(); q++) {
                    JsonNode qa = qas.get(q);
                    String at = where + ".qas[" + q + "]";
                    if (qa.path("is_impossible").asBoolean(false)) {
                        continue;
                    }
                    List<String> answers = new ArrayList<>();
                    JsonNode list = require(qa, "answers", file, at);
                    for (int i = 0; i < list.size(); i++) {
                        answers.add(text(list.get(i), "text", file, at + ".answers[" + i + "]"));
                    }
                    if (answers.isEmpty()) {
                        throw new InvalidInputException(file + ": " + at, "an answerable question without answers");
                    }
                    List<Integer> more = article.stream().filter(i -> i != doc).toList();
                    questions.add(new Question(text(qa, "question", file, at), answers, List.of(doc), more));
                }
            }
        }
        return checked(new QaDataset(questions, documents), file);
    }

    static QaDataset readHotpot(Path file) throws IOException {
        JsonNode root = parse(file);
        if (!root.isArray()) {
            throw new InvalidInputException(file.toString(), "expected a JSON array of HotpotQA records");
        }
        TreeSet<String> docs = new TreeSet<>();
        List<List<String>> perQuestion = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode context = require(root.get(i), "context", file, "[" + i + "]");
            List<String> mine = new ArrayList<>();
            for (int c = 0; c < context.size(); c++) {
                JsonNode pair = context.get(c);
                String at = "[" + i + "].context[" + c + "]";
                if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isArray()) {
                    throw new InvalidInputException(file + ": " + at, "expected [title, [sentences...]]");
                }
                StringBuilder sb = new StringBuilder(pair.get(0).asText()).append('\n');
                pair.get(1).forEach(s -> sb.append(s.asText()));
                mine.add(sb.toString());
            }
            docs.addAll(mine);
            perQuestion.add(mine);
        }
        List<String> documents = List.copyOf(docs);
        Map<String, Integer> index = indexOf(documents);
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String at = "[" + i + "]";
            List<Integer> context = perQuestion.get(i).stream().map(index::get).toList();
            questions.add(new Question(text(root.get(i), "question", file, at),
                    List.of(text(root.get(i), "answer", file, at)), context, List.of()));
        }
        return checked(new QaDataset(questions, documents), file);
    }

    private static QaDataset checked(QaDataset d, Path file) {
        if (d.questions().isEmpty()) {
            throw new InvalidInputException(file.toString(), "no usable questions");
        }
        return d;
    }

    private static JsonNode parse(Path file) throws IOException {
        try {
            return JSON.readTree(Files.newInputStream(file));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": line " + e.getLocation().getLineNr(),
                    "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static JsonNode require(JsonNode node, String field, Path file, String at) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !(v.isArray())) {
            throw new InvalidInputException(file + ": " + (at.isEmpty() ? field : at + "." + field), "expected a list");
        }
        return v;
    }

    private static String text(JsonNode node, String field, Path file, String at) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(file + ": " + at + "." + field, "expected a string");
        }
        return v.asText();
    }

    private static Map<String, Integer> indexOf(List<String> documents) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            index.put(documents.get(i), i);
        }
        return index;
    }
}
