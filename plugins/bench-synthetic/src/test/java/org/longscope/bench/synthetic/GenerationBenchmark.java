package org.longscope.bench.synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.longscope.api.bench.BenchmarkSelection;
import org.longscope.api.bench.Sample;
import org.longscope.api.bench.SampleContext;
import org.longscope.api.model.Tokenizer;
import org.longscope.bench.synthetic.ruler.RulerBenchmark;
import org.longscope.bench.synthetic.ruler.RulerTask;

/**
 * Times prompt generation for every RULER task: {@code GenerationBenchmark [tokenizer] [length] [samples]}
 * (defaults qwen3, 131072, 10). Prints per task the wall time, the number of whole-text token
 * counts, and the prompt lengths reached. QA reads SQuAD/HotpotQA-format files written from the
 * shipped essays (the real dev sets are not on our machines).
 */
public final class GenerationBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "qwen3";
        int length = args.length > 1 ? Integer.parseInt(args[1]) : 131072;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long t0 = System.nanoTime();
        Tokenizer tokenizer = new CountingTokenizer(HfTokenizer.shared(name));
        Resources.essaySentences();
        Path data = Files.createTempDirectory("ruler-qa");
        org.longscope.bench.synthetic.ruler.QaFixturesAccess.write(data, 3000);
        System.out.printf("setup (tokenizer, corpus, QA files): %.2f s%n", (System.nanoTime() - t0) / 1e9);
        RulerBenchmark ruler = new RulerBenchmark();
        long all = System.nanoTime();
        long allCpu = THREADS.getCurrentThreadCpuTime();
        for (String task : RulerTask.ids()) {
            CountingTokenizer.reset();
            long t = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            List<Sample> out = ruler.samples(new BenchmarkSelection(task, List.of(length), samples, Map.of()),
                    new SampleContext(data, tokenizer, 42, 20));
            double s = (System.nanoTime() - t) / 1e9;
            double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            int min = out.stream().mapToInt(x -> ((Number) x.data().get("content_tokens")).intValue()).min().orElse(0);
            int max = out.stream().mapToInt(x -> ((Number) x.data().get("content_tokens")).intValue()).max().orElse(0);
            System.out.printf("%-16s %6.2f s wall %6.2f s cpu  %3d samples  content tokens %d..%d  tokenizer calls %d (%.1f M chars, %.2f s)%n",
                    task, s, cpuS, out.size(), min, max, CountingTokenizer.calls, CountingTokenizer.chars / 1e6,
                    CountingTokenizer.nanos / 1e9);
        }
        System.out.printf("all 13 tasks at %d tokens x %d samples (%s): %.1f s wall, %.1f s cpu%n", length, samples, name,
                (System.nanoTime() - all) / 1e9, (THREADS.getCurrentThreadCpuTime() - allCpu) / 1e9);
    }

    /** Counts the calls into the real tokenizer. */
    static final class CountingTokenizer implements Tokenizer {
        static long calls;
        static long chars;
        static long nanos;
        private final Tokenizer delegate;

        CountingTokenizer(Tokenizer delegate) {
            this.delegate = delegate;
        }

        static void reset() {
            calls = 0;
            chars = 0;
            nanos = 0;
        }

        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            calls++;
            chars += text.length();
            long t = System.nanoTime();
            int[] ids = delegate.encode(text, addSpecialTokens);
            nanos += System.nanoTime() - t;
            return ids;
        }

        @Override
        public String decode(int[] ids) {
            return delegate.decode(ids);
        }

        @Override
        public int vocabularySize() {
            return delegate.vocabularySize();
        }
    }
}
