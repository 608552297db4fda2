package org.longscope.nativeengine.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.longscope.api.model.Tokenizer;

/**
 * Tokenization throughput of the GGUF BPE tokenizer against Hugging Face tokenizers (DJL) on Moby Dick
 * with the real Qwen3 and Llama 3 vocabularies; also checks that both produce the same ids.
 *
 * <p>Run (from plugins/backend-native, after {@code mvn -o -pl plugins/backend-native test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp <test classpath> org.longscope.nativeengine.tokenizer.TokenizerBenchmark [rounds]}
 */
public final class TokenizerBenchmark {
    private TokenizerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path data = Path.of("").toAbsolutePath();
        while (data != null && !Files.isDirectory(data.resolveSibling("shared").resolve("data"))) {
            data = data.getParent();
        }
        if (data == null) {
            System.err.println("../shared/data not found");
            System.exit(1);
        }
        Path shared = data.resolveSibling("shared").resolve("data");
        String text = Files.readString(shared.resolve("corpora/moby-dick/moby-dick.txt"));
        System.out.printf("text: Moby Dick, %,d chars; %d cores%n", text.length(), Runtime.getRuntime().availableProcessors());
        for (String family : new String[] {"qwen3", "llama3"}) {
            Path dir = shared.resolve("tokenizers").resolve(family);
            long t0 = System.nanoTime();
            BpeTokenizer gguf = new BpeTokenizer(TokenizerJson.toGgufVocabulary(dir.resolve("tokenizer.json"),
                    dir.resolve("tokenizer_config.json"), 0), family);
            long t1 = System.nanoTime();
            try (DjlTokenizer djl = DjlTokenizer.open(dir.resolve("tokenizer.json"))) {
                long t2 = System.nanoTime();
                System.out.printf("%s: build gguf-bpe %.0f ms (json conversion included), djl %.0f ms%n", family,
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                int[] a = measure(family + " gguf-bpe", gguf, text, rounds);
                int[] b = measure(family + " djl     ", djl, text, rounds);
                System.out.printf("%s: same ids: %s (%,d tokens)%n", family, Arrays.equals(a, b), a.length);
            }
        }
    }

    private static int[] measure(String name, Tokenizer t, String text, int rounds) {
        int[] ids = null;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            ids = t.encode(text, false);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("%s: best of %d: %.2f s, %,.0f tokens/s, %.2f MB/s%n", name, rounds, best, ids.length / best,
                text.length() / best / 1e6);
        return ids;
    }
}
