package org.longscope.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.longscope.api.InvalidInputException;

/**
 * The text the model learns from, all shipped in the repository (bench-synthetic's data folder):
 * the State of the Union addresses 1946-2016, one address per line, of which the most recent
 * {@code heldOut} addresses are held out for perplexity and never trained on; and the adjective and
 * noun lists that needle keys and word values are drawn from.
 *
 * @param train      the training addresses joined by newlines
 * @param heldOut    the held-out addresses joined by newlines
 * @param sentences  sentences of the training addresses (the essay haystack)
 * @param adjectives adjectives for keys and word values
 * @param nouns      nouns for keys and word values
 */
public record Corpus(String train, String heldOut, List<String> sentences, List<String> adjectives, List<String> nouns) {

    /** The data folder inside the repository. */
    public static final String DATA = "plugins/bench-synthetic/src/main/resources/org/longscope/bench/synthetic/data";

    public static Corpus load(Path repositoryRoot, int heldOutAddresses) {
        Path data = repositoryRoot.resolve(DATA);
        List<String> addresses = new ArrayList<>();
        for (String line : lines(data.resolve("sotu-1946-2016.txt"))) {
            if (!line.isBlank()) {
                addresses.add(line.strip());
            }
        }
        if (addresses.size() <= heldOutAddresses) {
            throw new InvalidInputException(data.resolve("sotu-1946-2016.txt").toString(), "expected more than "
                    + heldOutAddresses + " addresses (one per line), found " + addresses.size());
        }
        List<String> train = addresses.subList(0, addresses.size() - heldOutAddresses);
        List<String> held = addresses.subList(addresses.size() - heldOutAddresses, addresses.size());
        List<String> sentences = new ArrayList<>();
        for (String address : train) {
            for (String s : address.split("(?<=[.!?])\\s+")) {
                if (!s.isBlank()) {
                    sentences.add(s);
                }
            }
        }
        return new Corpus(String.join("\n", train), String.join("\n", held), List.copyOf(sentences),
                words(data.resolve("adjectives.txt")), words(data.resolve("nouns.txt")));
    }

    private static List<String> words(Path file) {
        List<String> words = new ArrayList<>();
        for (String line : lines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                words.add(line.strip());
            }
        }
        return List.copyOf(words);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read the shipped corpus (run from the repository, "
                    + "or pass --repo): " + e.getMessage(), e);
        }
    }
}
