package org.longscope.nativeengine.gguf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.LoadedModel;
import org.longscope.nativeengine.loading.ModelLoader;
import org.longscope.nativeengine.model.TinyModels;
import org.longscope.nativeengine.safetensors.SafetensorsFile;
import org.longscope.nativeengine.synth.SyntheticModels.Format;

/**
 * Mutates the headers of valid small model files with a fixed seed: every case either loads or throws
 * InvalidInputException; anything else (OutOfMemoryError, IndexOutOfBounds, a hang) fails the test.
 */
class GgufFuzzTest {
    private static final int GGUF_CASES = 1500;
    private static final int SAFETENSORS_CASES = 500;
    private static final long[] EXTREMES = {0, 1, -1, 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, Long.MAX_VALUE, Long.MIN_VALUE,
            1L << 32, 1L << 40, 255, 256, 31, 33};

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a performance assertion
    void mutatedGgufHeaders() throws IOException {
        for (var shape : new org.longscope.nativeengine.synth.ModelShape[] {TinyModels.MICRO_QWEN2, TinyModels.MICRO_LLAMA}) {
            Path good = TinyModels.write(shape, GgmlType.Q8_0, Format.GGUF, dir.resolve(shape.name() + ".gguf"));
            byte[] original = Files.readAllBytes(good);
            long headerEnd;
            try (GgufFile f = GgufReader.open(good)) {
                headerEnd = f.dataOffset();
            }
            SplittableRandom random = new SplittableRandom(20261129L + shape.name().hashCode());
            int loaded = 0;
            int rejected = 0;
            Path target = dir.resolve("fuzz.gguf");
            for (int c = 0; c < GGUF_CASES / 2; c++) {
                byte[] mutated = mutate(original, (int) headerEnd, random);
                Files.write(target, mutated);
                try (LoadedModel m = ModelLoader.load(target)) {
                    m.tokenizer().encode("the world", true);
                    loaded++;
                } catch (InvalidInputException expected) {
                    assertTrue(expected.getMessage().contains(target.toString()), expected.getMessage());
                    rejected++;
                } catch (Throwable t) {
                    fail("case " + c + " of " + shape.name() + " threw " + t, t);
                }
            }
            assertTrue(rejected > GGUF_CASES / 4, "most mutations should be caught, rejected " + rejected + ", loaded " + loaded);
        }
    }

    private static byte[] mutate(byte[] original, int headerEnd, SplittableRandom r) {
        byte[] b = original.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (r.nextInt(4)) {
            case 0 -> { // flip a few random bits in the header
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    int at = r.nextInt(headerEnd);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // an extreme 64-bit value anywhere in the header
                int at = r.nextInt(Math.max(1, headerEnd - 8));
                buf.putLong(at, EXTREMES[r.nextInt(EXTREMES.length)]);
            }
            case 2 -> { // an extreme 32-bit value anywhere in the header
                int at = r.nextInt(Math.max(1, headerEnd - 4));
                buf.putInt(at, (int) EXTREMES[r.nextInt(EXTREMES.length)]);
            }
            default -> { // truncation
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
        }
        return b;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedSafetensorsHeaders() throws IOException {
        Path hf = TinyModels.write(TinyModels.MICRO_QWEN2, GgmlType.F16, Format.HF, dir.resolve("hf"));
        byte[] original = Files.readAllBytes(hf.resolve("model.safetensors"));
        int headerEnd = (int) (8 + ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        SplittableRandom random = new SplittableRandom(7);
        Path target = dir.resolve("fuzz.safetensors");
        int rejected = 0;
        for (int c = 0; c < SAFETENSORS_CASES; c++) {
            byte[] mutated = original.clone();
            if (random.nextInt(3) == 0) {
                ByteBuffer.wrap(mutated).order(ByteOrder.LITTLE_ENDIAN).putLong(0, EXTREMES[random.nextInt(EXTREMES.length)]);
            } else {
                // replace a digit or structural character of the JSON header
                int at = 8 + random.nextInt(headerEnd - 8);
                mutated[at] = (byte) "0123456789[]{},:\"9".charAt(random.nextInt(18));
            }
            Files.write(target, mutated);
            try (SafetensorsFile f = SafetensorsFile.open(target)) {
                f.tensors().size();
            } catch (InvalidInputException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("case " + c + " threw " + t, t);
            }
        }
        assertTrue(rejected > 0);
    }
}
