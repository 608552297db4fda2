package org.longscope.nativeengine.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.ModelConfig;
import org.longscope.nativeengine.model.Tensor;

/**
 * A golden fixture written by src/test/python/golden_logits.py: F32 weights in a safetensors
 * container (read here with a minimal reader, independent of the model loaders), the config, the
 * token sequence and the reference logits of every position.
 */
record GoldenModel(ModelConfig config, Map<String, Tensor> tensors, int[] tokens, float[][] logits, float[] score) {
    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"F32\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");

    static GoldenModel load(String variant, Arena arena) {
        Path dir = Path.of("src/test/resources/golden", variant);
        try {
            Map<String, String> props = new HashMap<>();
            List<float[]> logits = new ArrayList<>();
            float[] score = null;
            for (String line : Files.readAllLines(dir.resolve("reference.txt"))) {
                String[] parts = line.split(" ", 2);
                if (parts[0].equals("logits")) {
                    logits.add(floats(parts[1].split(" ", 2)[1]));
                } else if (parts[0].equals("score")) {
                    score = floats(parts[1]);
                } else {
                    props.put(parts[0], parts[1]);
                }
            }
            ModelConfig.RopeScaling scaling = null;
            if (!props.get("rope_scaling").equals("none")) {
                String[] s = props.get("rope_scaling").split(" ");
                scaling = new ModelConfig.RopeScaling(Double.parseDouble(s[0]), Double.parseDouble(s[1]),
                        Double.parseDouble(s[2]), Integer.parseInt(s[3]));
            }
            ModelConfig config = new ModelConfig(props.get("architecture"), i(props, "vocab"), i(props, "hidden"),
                    i(props, "ffn"), i(props, "layers"), i(props, "heads"), i(props, "kv_heads"), i(props, "head_dim"),
                    4096, Float.parseFloat(props.get("eps")), Double.parseDouble(props.get("theta")), scaling,
                    b(props, "interleaved"), b(props, "qkv_bias"), b(props, "qk_norm"), b(props, "tied"),
                    i(props, "num_labels"));
            String[] tok = props.get("tokens").split(" ");
            int[] tokens = new int[tok.length];
            for (int t = 0; t < tok.length; t++) {
                tokens[t] = Integer.parseInt(tok[t]);
            }
            return new GoldenModel(config, safetensors(dir.resolve("weights.safetensors"), arena), tokens,
                    logits.toArray(float[][]::new), score);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int i(Map<String, String> p, String k) {
        return Integer.parseInt(p.get(k));
    }

    private static boolean b(Map<String, String> p, String k) {
        return Boolean.parseBoolean(p.get(k));
    }

    private static float[] floats(String text) {
        String[] parts = text.trim().split(" ");
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }

    static Map<String, Tensor> safetensors(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long headerLength = len.getLong(0);
            byte[] header = new byte[(int) headerLength];
            ch.read(ByteBuffer.wrap(header), 8);
            long base = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Matcher m = ENTRY.matcher(new String(header, StandardCharsets.UTF_8));
            while (m.find()) {
                String[] dims = m.group(2).split(",");
                long[] shape = new long[dims.length];
                for (int d = 0; d < dims.length; d++) {
                    shape[d] = Long.parseLong(dims[d]);
                }
                long from = Long.parseLong(m.group(3));
                long to = Long.parseLong(m.group(4));
                tensors.put(m.group(1), new Tensor(m.group(1), GgmlType.F32, shape, all.asSlice(base + from, to - from)));
            }
            return tensors;
        }
    }
}
