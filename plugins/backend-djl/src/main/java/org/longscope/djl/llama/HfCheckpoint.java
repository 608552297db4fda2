package org.longscope.djl.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.longscope.api.InvalidInputException;

/**
 * Hugging Face checkpoints: {@code config.json} plus one or many {@code *.safetensors} files
 * (with {@code model.safetensors.index.json}), read into a {@link LlamaModel} and written from one.
 */
public final class HfCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfCheckpoint() {
    }

    /**
     * A loaded checkpoint.
     *
     * @param scoreHead the sequence-classification head {@code score.weight} {@code (labels, hidden)}, float32,
     *                  of a {@code *ForSequenceClassification} checkpoint; {@code null} for a causal LM
     */
    public record Loaded(LlamaModel model, NDArray scoreHead) {
    }

    /** Opens a model directory: the config and every weight, float32, owned by {@code manager}. */
    public static LlamaModel load(NDManager manager, Path dir) {
        Loaded loaded = loadWithHead(manager, dir);
        if (loaded.scoreHead() != null) {
            loaded.scoreHead().close();
        }
        return loaded.model();
    }

    /** Like {@link #load}, keeping the score head of a {@code *ForSequenceClassification} checkpoint. */
    public static Loaded loadWithHead(NDManager manager, Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException(dir.toString(), "not a model: no config.json (expected a Hugging Face model directory)");
        }
        LlamaConfig config = LlamaConfig.read(configFile);
        Map<String, NDArray> tensors = readTensors(manager, dir);
        if (!config.tiedEmbeddings() && !tensors.containsKey("lm_head.weight")) {
            // no lm_head: the output reuses the embedding, whatever tie_word_embeddings says
            config = new LlamaConfig(config.architecture(), config.vocabSize(), config.hiddenSize(),
                    config.intermediateSize(), config.layers(), config.heads(), config.kvHeads(), config.headDim(),
                    config.contextLength(), config.rmsNormEps(), config.ropeTheta(), config.ropeScaling(),
                    config.qkvBias(), config.qkNorm(), true);
        }
        LlamaModel model = new LlamaModel(config);
        model.setParameters(tensors, dir.toString());
        NDArray score = sequenceClassification(configFile) ? scoreHead(tensors, config, dir) : null;
        Map<String, ai.djl.ndarray.types.Shape> used = model.parameterShapes();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (!used.containsKey(e.getKey()) && e.getValue() != score) {
                e.getValue().close(); // e.g. lm_head.weight of a tied checkpoint, rotary buffers
            }
        }
        return new Loaded(model, score);
    }

    private static boolean sequenceClassification(Path configFile) {
        try {
            return JSON.readTree(configFile.toFile()).path("architectures").toString().contains("ForSequenceClassification");
        } catch (IOException e) {
            throw new InvalidInputException(configFile.toString(), "not valid JSON: " + e.getMessage(), e);
        }
    }

    /** {@code score.weight}, as Hugging Face's {@code *ForSequenceClassification} holds it: (labels, hidden). */
    private static NDArray scoreHead(Map<String, NDArray> tensors, LlamaConfig config, Path dir) {
        NDArray score = tensors.get("score.weight");
        if (score == null) {
            throw new InvalidInputException(dir + ": tensor score.weight", "missing: a *ForSequenceClassification "
                    + "checkpoint needs its score head (labels, " + config.hiddenSize() + ")");
        }
        if (score.getShape().dimension() != 2 || score.getShape().get(1) != config.hiddenSize()) {
            throw new InvalidInputException(dir + ": tensor score.weight", "expected shape (labels, "
                    + config.hiddenSize() + "), found " + score.getShape());
        }
        return score.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? score
                : score.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    /** Every tensor of the directory's safetensors files by name. */
    public static Map<String, NDArray> readTensors(NDManager manager, Path dir) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Path file : weightFiles(dir)) {
            NDList list;
            try {
                list = NDList.decode(manager, Files.readAllBytes(file));
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException(file.toString(), "not a readable safetensors file: " + e.getMessage(), e);
            }
            for (NDArray a : list) {
                if (tensors.put(a.getName(), a) != null) {
                    throw new InvalidInputException(file + ": tensor " + a.getName(), "appears in more than one weight file");
                }
            }
        }
        return tensors;
    }

    /** Writes named float32 arrays as one safetensors file. */
    public static void writeTensors(Path file, Map<String, NDArray> tensors) throws IOException {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            a.setName(e.getKey());
            list.add(a);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /** The weight files: those the index names, else every {@code *.safetensors} in the directory. */
    static List<Path> weightFiles(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        TreeSet<Path> files = new TreeSet<>();
        try {
            if (Files.isRegularFile(index)) {
                JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
                if (!map.isObject()) {
                    throw new InvalidInputException(index + ": weight_map", "expected an object of tensor name -> file");
                }
                for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                    String name = it.next().asText();
                    Path f = dir.resolve(name).normalize();
                    if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                        throw new InvalidInputException(index + ": weight_map", "names weight file '" + name
                                + "' that is not in the directory");
                    }
                    files.add(f);
                }
            } else {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(dir.toString(), "no *.safetensors weight files");
        }
        return new ArrayList<>(files);
    }
}
