package org.longscope.nativeengine.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.model.RowDecoder;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.model.TensorSpec;
import org.longscope.nativeengine.model.TinyModels;
import org.longscope.nativeengine.synth.SyntheticModels.Format;

/** Every kind of broken GGUF file fails with an InvalidInputException naming the file, tensor and reason. */
class BadModelFilesTest {
    @TempDir
    Path dir;
    Path good;
    byte[] bytes;

    @BeforeEach
    void writeGoodFile() throws IOException {
        good = TinyModels.write(TinyModels.MICRO_QWEN2, GgmlType.F32, Format.GGUF, dir.resolve("good.gguf"));
        bytes = Files.readAllBytes(good);
        try (LoadedModel m = ModelLoader.load(good)) {
            assertEquals(32, m.config().hiddenSize());
        }
    }

    private InvalidInputException fails(byte[] content, String... expectedFragments) throws IOException {
        Path bad = dir.resolve("bad.gguf");
        Files.write(bad, content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(bad).close());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        for (String f : expectedFragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        }
        return e;
    }

    private byte[] patched(Consumer<ByteBuffer> patch) {
        byte[] copy = bytes.clone();
        patch.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    /** Offset just after the name of tensor {@code name} in the tensor infos (at its n_dims field). */
    private int afterTensorName(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = bytes.length - n.length; i >= 8; i--) {
            if (Arrays.equals(bytes, i, i + n.length, n, 0, n.length)
                    && ByteBuffer.wrap(bytes, i - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() == n.length) {
                return i + n.length;
            }
        }
        throw new AssertionError(name + " not found");
    }

    @Test
    void badMagic() throws IOException {
        fails(patched(b -> b.put(0, (byte) 'X')), "bad magic");
    }

    @Test
    void unsupportedVersion() throws IOException {
        fails(patched(b -> b.putInt(4, 1)), "unsupported GGUF version 1");
        fails(patched(b -> b.putInt(4, 4)), "unsupported GGUF version 4");
    }

    @Test
    void truncatedFile() throws IOException {
        fails(Arrays.copyOf(bytes, 3), "truncated");
        fails(Arrays.copyOf(bytes, 100), "truncated");
        fails(Arrays.copyOf(bytes, bytes.length - 1), "output_norm.weight", "beyond the end of the file");
        fails(new byte[0], "empty file");
    }

    @Test
    void absurdCounts() throws IOException {
        fails(patched(b -> b.putLong(8, Long.MAX_VALUE)), "absurd tensor count");
        fails(patched(b -> b.putLong(16, -1L)), "absurd metadata count");
        // the first key's length
        fails(patched(b -> b.putLong(24, 1L << 40)), "metadata key #0");
    }

    @Test
    void offsetBeyondTheFile() throws IOException {
        int at = afterTensorName("blk.0.ffn_up.weight");
        // n_dims(4) + 2 dims(16) + type(4) -> offset
        fails(patched(b -> b.putLong(at + 4 + 16 + 4, 1L << 32)), "tensor blk.0.ffn_up.weight", "beyond the end of the file");
    }

    @Test
    void misalignedOffset() throws IOException {
        int at = afterTensorName("blk.0.ffn_up.weight");
        fails(patched(b -> b.putLong(at + 4 + 16 + 4, b.getLong(at + 4 + 16 + 4) + 4)), "blk.0.ffn_up.weight", "alignment");
    }

    @Test
    void overlappingTensors() throws IOException {
        int up = afterTensorName("blk.0.ffn_up.weight");
        int gate = afterTensorName("blk.0.ffn_gate.weight");
        fails(patched(b -> b.putLong(up + 4 + 16 + 4, b.getLong(gate + 4 + 16 + 4))), "overlaps");
    }

    @Test
    void unknownDtype() throws IOException {
        int at = afterTensorName("blk.0.ffn_up.weight");
        fails(patched(b -> b.putInt(at + 4 + 16, 99)), "tensor blk.0.ffn_up.weight", "dtype id 99");
    }

    @Test
    void absurdDimensions() throws IOException {
        int at = afterTensorName("blk.0.ffn_up.weight");
        fails(patched(b -> b.putInt(at, 9)), "blk.0.ffn_up.weight", "9 dimensions");
        fails(patched(b -> b.putLong(at + 4, 0)), "blk.0.ffn_up.weight", "dimension 0 is 0");
    }

    /** Rewrites the good file's tensors, letting the test drop or reshape one. */
    private Path rewrite(Predicate<String> keep, String reshape, long[] newShape) throws IOException {
        Path out = dir.resolve("rewritten.gguf");
        try (GgufFile f = GgufReader.open(good)) {
            GgufWriter w = new GgufWriter();
            f.metadata().forEach(w::put);
            for (GgufTensorInfo info : f.tensorInfos().values()) {
                if (!keep.test(info.name())) {
                    continue;
                }
                Tensor t = f.tensor(info.name());
                float[] all = RowDecoder.toFloats(t);
                long[] shape = info.name().equals(reshape) ? newShape : info.shape();
                long cols = shape[shape.length - 1];
                w.add(new TensorSpec(info.name(), GgmlType.F32, shape, (row, o) -> {
                    for (int i = 0; i < o.length; i++) {
                        o[i] = all[(int) ((row * cols + i) % all.length)];
                    }
                }));
            }
            w.write(out);
        }
        return out;
    }

    @Test
    void tensorMissingOrOfTheWrongShape() throws IOException {
        Path missing = rewrite(n -> !n.equals("blk.0.attn_k.weight"), null, null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(missing).close());
        assertTrue(e.getMessage().contains("tensor blk.0.attn_k.weight") && e.getMessage().contains("missing"), e.getMessage());

        Path wrong = rewrite(n -> true, "blk.0.ffn_down.weight", new long[] {32, 32});
        e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(wrong).close());
        assertTrue(e.getMessage().contains("tensor blk.0.ffn_down.weight") && e.getMessage().contains("wrong shape [32, 32]")
                && e.getMessage().contains("expected [32, 64]"), e.getMessage());

        Path same = rewrite(n -> true, null, null);
        try (LoadedModel m = ModelLoader.load(same)) {
            assertEquals(1, m.config().layers());
        }
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        Path out = dir.resolve("yarn.gguf");
        try (GgufFile f = GgufReader.open(good)) {
            GgufWriter w = new GgufWriter();
            f.metadata().forEach(w::put);
            w.put("qwen2.rope.scaling.type", "yarn");
            for (GgufTensorInfo info : f.tensorInfos().values()) {
                float[] all = RowDecoder.toFloats(f.tensor(info.name()));
                long cols = info.shape()[info.shape().length - 1];
                w.add(new TensorSpec(info.name(), GgmlType.F32, info.shape(),
                        (row, o) -> System.arraycopy(all, (int) (row * cols), o, 0, o.length)));
            }
            w.write(out);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(out).close());
        assertTrue(e.getMessage().contains("qwen2.rope.scaling.type") && e.getMessage().contains("yarn"), e.getMessage());
    }

    @Test
    void notAModel() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(text));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ModelLoader.load(dir.resolve("absent.gguf")));
        assertThrows(InvalidInputException.class, () -> ModelLoader.load(dir)); // a directory without config.json
    }
}
