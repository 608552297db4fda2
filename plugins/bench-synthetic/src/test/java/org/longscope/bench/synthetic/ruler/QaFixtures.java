package org.longscope.bench.synthetic.ruler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.longscope.bench.synthetic.Resources;

/**
 * Writes SQuAD v2 and HotpotQA files in the upstream formats, large enough for long prompts, from
 * the shipped essay sentences (the real dev sets are not reachable from our machines).
 */
final class QaFixtures {
    private QaFixtures() {
    }

    static void write(Path directory, int documents) throws IOException {
        List<String> sentences = Resources.essaySentences();
        StringBuilder squad = new StringBuilder("{\"version\": \"v2.0\", \"data\": [");
        StringBuilder hotpot = new StringBuilder("[");
        for (int d = 0; d < documents; d++) {
            String first = sentences.get(d * 5);
            String paragraph = String.join(" ", sentences.subList(d * 5, d * 5 + 5));
            String answer = first.split(" ")[0];
            if (d % 4 == 0) {
                squad.append(d == 0 ? "" : "]},").append("{\"title\": \"T").append(d).append("\", \"paragraphs\": [");
            } else {
                squad.append(',');
            }
            squad.append("{\"context\": ").append(quote(paragraph)).append(", \"qas\": [{\"id\": \"q").append(d)
                    .append("\", \"question\": ").append(quote("Which word opens the passage that begins with '" + first + "'?"))
                    .append(", \"answers\": [{\"text\": ").append(quote(answer)).append(", \"answer_start\": 0}]")
                    .append(", \"is_impossible\": false}]}");
            hotpot.append(d == 0 ? "" : ",").append("{\"_id\": \"h").append(d).append("\", \"question\": ")
                    .append(quote("Which word opens the passage that begins with '" + first + "'?"))
                    .append(", \"answer\": ").append(quote(answer)).append(", \"context\": [[")
                    .append(quote("Passage " + d)).append(", [").append(quote(first)).append(", ")
                    .append(quote(" " + String.join(" ", sentences.subList(d * 5 + 1, d * 5 + 5)))).append("]]]}");
        }
        squad.append("]}]}");
        hotpot.append("]");
        Files.writeString(directory.resolve(RulerBenchmark.SQUAD.path()), squad);
        Files.writeString(directory.resolve(RulerBenchmark.HOTPOT.path()), hotpot);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
