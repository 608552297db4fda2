package org.longscope.nativeengine.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.model.TensorSpec;
import org.longscope.nativeengine.model.TinyModels;
import org.longscope.nativeengine.synth.SyntheticModels.Format;

/** Broken safetensors files and Hugging Face directories fail with messages naming the file, tensor or field. */
class BadHuggingFaceModelsTest {
    @TempDir
    Path dir;

    private Path safetensors(String headerJson, int dataBytes) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path f = dir.resolve("t.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void fails(Path file, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafetensorsFile.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void badSafetensorsFiles() throws IOException {
        fails(safetensors("{\"a\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "tensor a", "unsupported dtype 'I8'");
        fails(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "tensor a", "beyond the end");
        fails(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "tensor a", "need 12");
        fails(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensor b", "overlaps tensor a");
        fails(safetensors("{\"a\":", 0), "not valid JSON");
        Path f = safetensors("{}", 0);
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 50);
        Files.write(f, b);
        fails(f, "header length");
        Files.write(f, new byte[3]);
        fails(f, "truncated");
    }

    @Test
    void badModelDirectories() throws IOException {
        Path hf = TinyModels.write(TinyModels.MICRO_QWEN2, GgmlType.F32, Format.HF, dir.resolve("m"));
        String config = Files.readString(hf.resolve("config.json"));

        Files.writeString(hf.resolve("config.json"), config.replace("\"qwen2\"", "\"gpt_neox\""));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(hf).close());
        assertTrue(e.getMessage().contains("config.json: model_type") && e.getMessage().contains("gpt_neox"), e.getMessage());

        Files.writeString(hf.resolve("config.json"), config.replaceAll("\"hidden_size\" : \\d+,", ""));
        e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(hf).close());
        assertTrue(e.getMessage().contains("config.json: hidden_size") && e.getMessage().contains("missing"), e.getMessage());

        Files.writeString(hf.resolve("config.json"), config.replace("\"intermediate_size\" : 64", "\"intermediate_size\" : 96"));
        e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(hf).close());
        assertTrue(e.getMessage().contains("tensor blk.0.ffn_gate.weight") && e.getMessage().contains("wrong shape"), e.getMessage());
        Files.writeString(hf.resolve("config.json"), config);

        // drop one tensor from the weights
        Path weights = hf.resolve("model.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(weights)) {
            List<TensorSpec> kept = st.tensors().values().stream()
                    .filter(t -> !t.name().equals("model.layers.0.self_attn.v_proj.weight"))
                    .map(t -> new TensorSpec(t.name(), t.type(), t.shape(), (row, out) -> java.util.Arrays.fill(out, 0.5f)))
                    .toList();
            SafetensorsWriter.write(dir.resolve("reduced.safetensors"), kept);
        }
        Files.move(dir.resolve("reduced.safetensors"), weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(InvalidInputException.class, () -> ModelLoader.load(hf).close());
        assertTrue(e.getMessage().contains("tensor blk.0.attn_v.weight") && e.getMessage().contains("missing"), e.getMessage());
    }
}
