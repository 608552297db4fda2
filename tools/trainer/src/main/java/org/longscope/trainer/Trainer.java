package org.longscope.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.longscope.api.InvalidInputException;
import org.longscope.djl.llama.HfCheckpoint;
import org.longscope.djl.llama.LlamaConfig;
import org.longscope.djl.llama.LlamaModel;

/**
 * Trains the shipped model: {@code tools/trainer/train.sh [options]} (see {@link TrainerOptions}
 * and docs/model.md). Every step's data comes from a generator seeded by (seed, step), so a run
 * resumed from its checkpoint continues exactly as if it had not stopped. Logs loss (overall,
 * language modelling, retrieval answers), learning rate, gradient norm and tokens per second.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainerOptions options;
    private final Corpus corpus;
    private final Tasks tasks;
    private final NDManager manager;
    private final LlamaModel model;
    private final Map<String, NDArray> parameters;
    private final AdamW optimizer;
    private final PrintStream log;
    private int step;
    private long tokensSeen;
    private double secondsSpent;

    Trainer(TrainerOptions options, NDManager manager, PrintStream log) {
        this.options = options;
        this.log = log;
        this.manager = manager;
        this.corpus = Corpus.load(Path.of(options.string("repo")), options.integer("held-out-addresses"));
        this.tasks = new Tasks(corpus, (float) options.number("context-weight"), (float) options.number("answer-weight"),
                options.integer("recalls")).withTaskWeights(options.taskWeights())
                .withDepthPower(options.number("depth-power"));
        this.model = new LlamaModel(options.config());
        model.setAttentionChunk(options.integer("attention-chunk"));
        model.setParameters(initialParameters(manager, model, options.integer("seed")), "initialization");
        this.parameters = model.parameterArrays();
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        this.optimizer = new AdamW(parameters, 0.9, 0.95, 1e-8, options.number("weight-decay"));
    }

    public static void main(String[] args) {
        try {
            TrainerOptions options = TrainerOptions.parse(args);
            Engine engine = Engine.getEngine("PyTorch");
            Device device = switch (options.string("device")) {
                case "cpu" -> Device.cpu();
                case "gpu" -> Device.gpu();
                default -> throw new InvalidInputException("--device", "expected cpu or gpu, found '" + options.string("device") + "'");
            };
            try (NDManager manager = engine.newBaseManager(device)) {
                new Trainer(options, manager, System.out).run();
            }
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Trains (resuming from the checkpoint if asked), evaluates and exports the model. */
    void run() throws IOException {
        Path checkpoint = options.out().resolve("checkpoint");
        if (options.flag("resume") || options.flag("export-only")) {
            if (Files.isDirectory(checkpoint)) {
                restore(checkpoint);
                log.printf(Locale.ROOT, "resumed from %s at step %d (%d tokens, %.0f s)%n", checkpoint, step, tokensSeen, secondsSpent);
            } else if (options.flag("export-only")) {
                throw new InvalidInputException(checkpoint.toString(), "no checkpoint to export");
            }
        }
        LlamaConfig c = model.config();
        log.printf(Locale.ROOT, "model: %d layers, hidden %d, heads %d/%d, ffn %d, context %d; %,d parameters; %s%n",
                c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.intermediateSize(), c.contextLength(),
                parameters.values().stream().mapToLong(NDArray::size).sum(), Engine.getEngine("PyTorch").getVersion());
        int steps = options.integer("steps");
        // --stop-after ends this invocation early without changing the schedule (train in slices, resume later)
        int stopAt = options.integer("stop-after") > 0 ? Math.min(steps, options.integer("stop-after")) : steps;
        int logEvery = Math.max(1, options.integer("log-every"));
        int checkpointEvery = options.integer("checkpoint-every");
        int evalEvery = options.integer("eval-every");
        StepStats window = new StepStats();
        while (!options.flag("export-only") && step < stopAt) {
            long start = System.nanoTime();
            StepStats s = trainStep(step, steps);
            secondsSpent += (System.nanoTime() - start) / 1e9;
            step++;
            tokensSeen += s.tokens;
            window.add(s);
            if (step % logEvery == 0 || step == steps) {
                log.printf(Locale.ROOT, "step %d/%d loss %.4f lm %.4f answer %.4f repeat %.4f lr %.2e gnorm %.2f tok/s %.0f elapsed %.0fs%n",
                        step, steps, window.loss(), window.lmLoss(), window.answerLoss(), window.repeatLoss(), s.lr, window.gradNorm(),
                        window.tokens / window.seconds, secondsSpent);
                if (window.skipped > 0) {
                    log.printf(Locale.ROOT, "  %d step(s) skipped: gradients not finite%n", window.skipped);
                }
                window = new StepStats();
            }
            if (checkpointEvery > 0 && (step % checkpointEvery == 0 || step == stopAt)) {
                save(checkpoint);
            }
            if (evalEvery > 0 && step % evalEvery == 0 && step < steps) {
                log.println(evaluate(8, 512));
            }
        }
        if (!options.flag("export-only") && step < steps) {
            // a slice of the schedule (--stop-after): the checkpoint is the result; evaluation and
            // export wait for the end of the schedule
            if (checkpointEvery == 0) {
                save(checkpoint);
            }
            log.printf(Locale.ROOT, "stopped at step %d of %d; continue with --resume%n", step, steps);
            return;
        }
        // the final figure, reported in the model card: 32 windows of 1024 bytes of held-out text
        String evaluation = evaluate(32, 1024);
        log.println(evaluation);
        String summary = String.format(Locale.ROOT, "Trained %d steps, %,d tokens, %.0f s of training on %s (%d threads).%n%n%s",
                step, tokensSeen, secondsSpent, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                "Training-time evaluation: " + evaluation);
        ModelExport.export(model, options, options.out(), summary);
        log.println("exported " + options.out());
    }

    /** Loss statistics of one or more steps. */
    static final class StepStats {
        double lossSum;
        double lossWeight;
        double lmSum;
        double lmWeight;
        double answerSum;
        double answerWeight;
        double repeatSum;
        double repeatWeight;
        double gradNormSum;
        int skipped;
        int steps;
        long tokens;
        double seconds;
        double lr;

        void add(StepStats s) {
            lossSum += s.lossSum;
            lossWeight += s.lossWeight;
            lmSum += s.lmSum;
            lmWeight += s.lmWeight;
            answerSum += s.answerSum;
            answerWeight += s.answerWeight;
            repeatSum += s.repeatSum;
            repeatWeight += s.repeatWeight;
            gradNormSum += s.gradNormSum;
            skipped += s.skipped;
            steps += s.steps;
            tokens += s.tokens;
            seconds += s.seconds;
        }

        double loss() {
            return lossSum / Math.max(1e-9, lossWeight);
        }

        double lmLoss() {
            return lmSum / Math.max(1e-9, lmWeight);
        }

        double answerLoss() {
            return answerSum / Math.max(1e-9, answerWeight);
        }

        double repeatLoss() {
            return repeatSum / Math.max(1e-9, repeatWeight);
        }

        double gradNorm() {
            return gradNormSum / Math.max(1, steps - skipped);
        }

        /**
         * Adds the per-sequence losses of a batch: the weighted total, the language-modelling
         * sequences' loss per byte and the retrieval answers' loss per answer token (unweighted).
         */
        void record(List<Example> examples, float[] weighted, float[] answers) {
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                double weight = 0;
                for (float w : e.weights()) {
                    weight += w;
                }
                lossSum += weighted[i];
                lossWeight += weight;
                if (e.kind().equals("lm")) {
                    lmSum += weighted[i];
                    lmWeight += weight;
                } else if (e.kind().equals("repeat")) {
                    repeatSum += weighted[i];
                    repeatWeight += weight;
                } else {
                    answerSum += answers[i];
                    answerWeight += e.answerTokens();
                }
            }
        }
    }

    /** The learning rate of a step: linear warm-up, then cosine decay to min-lr-ratio of the peak. */
    double learningRate(int step, int steps) {
        double peak = options.number("lr");
        int warmup = options.integer("warmup");
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1, (step - warmup) / (double) Math.max(1, steps - warmup));
        double min = peak * options.number("min-lr-ratio");
        return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    private StepStats trainStep(int step, int steps) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(options.integer("seed") * 0x9E3779B97F4A7C15L + step);
        int length = options.drawLength(random);
        int batch = Math.max(1, options.integer("tokens-per-step") / length);
        List<Example> examples = new java.util.ArrayList<>();
        for (int b = 0; b < batch; b++) {
            examples.add(tasks.sample(random, length + 1, options.number("retrieval-share"), options.number("copy-share"),
                    options.number("repeat-share")));
        }
        StepStats s = new StepStats();
        try (NDScope scope = new NDScope()) {
            Batch in = Batch.of(manager, examples);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray nll = tokenLosses(in);
                NDArray perSequence = nll.mul(in.weights).sum(new int[] {1});
                NDArray loss = perSequence.sum().div(in.totalWeight);
                collector.backward(loss);
                s.record(examples, perSequence.toFloatArray(), nll.mul(in.answers).sum(new int[] {1}).toFloatArray());
            }
            s.lr = learningRate(step, steps);
            double norm = optimizer.step(s.lr, options.number("clip"));
            if (Double.isFinite(norm)) {
                s.gradNormSum = norm;
            } else {
                s.skipped = 1;
            }
        }
        s.steps = 1;
        s.tokens = (long) batch * length;
        s.seconds = (System.nanoTime() - start) / 1e9;
        return s;
    }

    /** Negative log-likelihood of every target {@code (batch, n)}. */
    private NDArray tokenLosses(Batch in) {
        NDArray logits = model.forward(in.inputs, 0, null, false);
        return logits.logSoftmax(2).gather(in.targets.expandDims(2), 2).squeeze(2).neg();
    }

    /**
     * Inputs (tokens 0..n-1), targets (tokens 1..n), target weights and the mask of targets that are
     * retrieval answers, of a batch.
     */
    record Batch(NDArray inputs, NDArray targets, NDArray weights, NDArray answers, float totalWeight) {
        static Batch of(NDManager manager, List<Example> examples) {
            int b = examples.size();
            int n = examples.getFirst().tokens().length - 1;
            long[] inputs = new long[b * n];
            long[] targets = new long[b * n];
            float[] weights = new float[b * n];
            float[] answers = new float[b * n];
            float total = 0;
            for (int i = 0; i < b; i++) {
                Example e = examples.get(i);
                for (int t = 0; t < n; t++) {
                    inputs[i * n + t] = e.tokens()[t];
                    targets[i * n + t] = e.tokens()[t + 1];
                    weights[i * n + t] = e.weights()[t + 1];
                    answers[i * n + t] = e.isAnswer(t + 1) ? 1 : 0;
                    total += e.weights()[t + 1];
                }
            }
            Shape shape = new Shape(b, n);
            return new Batch(manager.create(inputs, shape), manager.create(targets, shape), manager.create(weights, shape),
                    manager.create(answers, shape), Math.max(1, total));
        }
    }

    /**
     * Adds to {@code out}: [loss sum, counted targets, sequences with every answer token right,
     * sequences]. The loss counts the answer of a retrieval sequence, every target of another.
     */
    private void evaluateSequences(List<Example> examples, double[] out) {
        for (Example e : examples) {
            try (NDScope scope = new NDScope()) {
                Batch in = Batch.of(manager, List.of(e));
                boolean retrieval = e.answerTo() > e.answerFrom();
                NDArray logits = model.forward(in.inputs, 0, null, false);
                NDArray counted = retrieval ? in.answers : in.weights;
                NDArray nll = logits.logSoftmax(2).gather(in.targets.expandDims(2), 2).squeeze(2).neg().mul(counted);
                out[0] += nll.sum().getFloat();
                out[1] += counted.sum().getFloat();
                long[] predicted = logits.argMax(2).toLongArray();
                boolean allRight = true;
                for (int t = e.answerFrom(); t < e.answerTo(); t++) {
                    if (predicted[t - 1] != e.tokens()[t]) {
                        allRight = false;
                    }
                }
                out[2] += allRight ? 1 : 0;
                out[3] += 1;
            }
        }
    }

    /**
     * Held-out loss per byte (and perplexity) on fixed windows of the held-out addresses, and the
     * share of retrieval answers predicted exactly (teacher-forced arg max) at each training length.
     */
    String evaluate(int windows, int windowBytes) {
        SplittableRandom random = new SplittableRandom(options.integer("seed") + 7);
        List<Example> heldOut = new java.util.ArrayList<>();
        for (int i = 0; i < windows; i++) {
            heldOut.add(Tasks.languageModel(random, windowBytes + 1, corpus.heldOut()));
        }
        double[] lm = new double[4];
        evaluateSequences(heldOut, lm);
        double nats = lm[0] / lm[1];
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "eval step %d: held-out loss %.4f nats/byte (%.3f bits/byte, perplexity %.3f per byte; %d windows of %d bytes)",
                step, nats,
                nats / Math.log(2), Math.exp(nats), windows, windowBytes));
        for (int length : options.lengths()) {
            if (length < 512) {
                continue;
            }
            List<Example> retrieval = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                retrieval.add(i % 2 == 0 ? tasks.passkey(random, length + 1) : tasks.niah(random, length + 1, 1, 1));
            }
            double[] r = new double[4];
            evaluateSequences(retrieval, r);
            sb.append(String.format(Locale.ROOT, "; answers exact at %d: %.0f/%.0f (loss %.3f)", length, r[2], r[3], r[0] / r[1]));
        }
        return sb.toString();
    }

    /** Writes parameters, optimizer moments and progress to a fresh folder, then swaps it in. */
    private void save(Path checkpoint) throws IOException {
        Path tmp = checkpoint.resolveSibling("checkpoint.tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        HfCheckpoint.writeTensors(tmp.resolve("model.safetensors"), parameters);
        HfCheckpoint.writeTensors(tmp.resolve("optimizer.safetensors"), optimizer.state());
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        state.put("tokens", tokensSeen);
        state.put("seconds", secondsSpent);
        state.put("optimizer_steps", optimizer.steps());
        state.set("options", options.toJson());
        Files.writeString(tmp.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        Path old = checkpoint.resolveSibling("checkpoint.old");
        deleteRecursively(old);
        if (Files.isDirectory(checkpoint)) {
            Files.move(checkpoint, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, checkpoint, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(old);
    }

    private void restore(Path checkpoint) throws IOException {
        Path stateFile = checkpoint.resolve("state.json");
        JsonNode state = JSON.readTree(stateFile.toFile());
        JsonNode saved = state.path("options");
        for (Map.Entry<String, String> e : options.values().entrySet()) {
            String key = e.getKey();
            if (TrainerOptions.RESUMABLE.contains(key) || key.equals("resume") || key.equals("export-only")) {
                continue;
            }
            if (!saved.path(key).asText("").equals(e.getValue())) {
                throw new InvalidInputException(stateFile + ": options." + key, "the checkpoint was trained with --" + key
                        + " " + saved.path(key).asText("(unset)") + ", this run asks for " + e.getValue());
            }
        }
        try (NDScope scope = new NDScope()) {
            Map<String, NDArray> tensors = HfCheckpoint.readTensors(manager, checkpoint);
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray saved1 = tensors.get(e.getKey());
                if (saved1 == null || !saved1.getShape().equals(e.getValue().getShape())) {
                    throw new InvalidInputException(checkpoint + ": tensor " + e.getKey(), "missing or of another shape");
                }
                e.getValue().set(saved1.toType(DataType.FLOAT32, false).toFloatArray());
            }
            optimizer.restore(tensors, state.path("optimizer_steps").asLong());
            tensors.values().forEach(NDArray::close);
        }
        step = state.path("step").asInt();
        tokensSeen = state.path("tokens").asLong();
        secondsSpent = state.path("seconds").asDouble();
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Initial weights from the seed alone: N(0, 0.02) matrices (output projections scaled by 1/sqrt(2 layers)), unit norms. */
    static Map<String, NDArray> initialParameters(NDManager manager, LlamaModel model, long seed) {
        Map<String, NDArray> init = new LinkedHashMap<>();
        double residualScale = 1 / Math.sqrt(2.0 * model.config().layers());
        for (Map.Entry<String, Shape> e : model.parameterShapes().entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            float[] values = new float[Math.toIntExact(shape.size())];
            if (shape.dimension() == 1) {
                java.util.Arrays.fill(values, name.endsWith("norm.weight") ? 1f : 0f);
            } else {
                double std = 0.02 * (name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight") ? residualScale : 1);
                SplittableRandom r = new SplittableRandom(seed * 31 + name.hashCode());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (std * gaussian(r));
                }
            }
            init.put(name, manager.create(values, shape));
        }
        return init;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
