package org.longscope.nativeengine.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.RowDecoder;
import org.longscope.nativeengine.model.RowEncoder;
import org.longscope.nativeengine.model.Tensor;
import org.longscope.nativeengine.model.TensorSpec;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeIncludingNestedArrays() throws IOException {
        GgufWriter w = new GgufWriter();
        w.put("u8", new GgufValue(GgufValueType.UINT8, (byte) 200));
        w.put("i8", new GgufValue(GgufValueType.INT8, (byte) -5));
        w.put("u16", new GgufValue(GgufValueType.UINT16, (short) 60000));
        w.put("i16", new GgufValue(GgufValueType.INT16, (short) -300));
        w.put("u32", new GgufValue(GgufValueType.UINT32, (int) 4000000000L));
        w.put("i32", new GgufValue(GgufValueType.INT32, -7));
        w.put("u64", new GgufValue(GgufValueType.UINT64, 1L << 40));
        w.put("i64", new GgufValue(GgufValueType.INT64, -(1L << 40)));
        w.put("f32", new GgufValue(GgufValueType.FLOAT32, 1.5f));
        w.put("f64", new GgufValue(GgufValueType.FLOAT64, Math.PI));
        w.put("bool", new GgufValue(GgufValueType.BOOL, true));
        w.put("str", GgufValue.string("héllo 😀"));
        w.put("ints", GgufValue.array(GgufValueType.INT32, new int[] {1, -2, 3}));
        w.put("strs", GgufValue.array(GgufValueType.STRING, new String[] {"a", "", "ccc"}));
        w.put("bools", GgufValue.array(GgufValueType.BOOL, new boolean[] {true, false}));
        w.put("nested", GgufValue.array(GgufValueType.ARRAY, new GgufArray[] {
                new GgufArray(GgufValueType.FLOAT32, new float[] {1f, 2f}),
                new GgufArray(GgufValueType.UINT8, new byte[] {9})}));
        w.put("general.alignment", GgufValue.uint32(64));
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i - 30) * 0.37f;
        }
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
            w.add(new TensorSpec("t." + t, t, new long[] {2, 32}, (row, out) -> System.arraycopy(values, (int) row * 32, out, 0, 32)));
        }
        Path file = dir.resolve("all.gguf");
        w.write(file);

        try (GgufFile f = GgufReader.open(file)) {
            assertEquals(3, f.version());
            assertEquals(64, f.alignment());
            assertEquals(0, f.dataOffset() % 64);
            assertEquals(200L, f.optLong("u8"));
            assertEquals(-5L, f.optLong("i8"));
            assertEquals(60000L, f.optLong("u16"));
            assertEquals(-300L, f.optLong("i16"));
            assertEquals(4000000000L, f.optLong("u32"));
            assertEquals(-7L, f.optLong("i32"));
            assertEquals(1L << 40, f.optLong("u64"));
            assertEquals(-(1L << 40), f.optLong("i64"));
            assertEquals(1.5, f.optDouble("f32"));
            assertEquals(Math.PI, f.optDouble("f64"));
            assertEquals(true, f.optBool("bool"));
            assertEquals("héllo 😀", f.optString("str"));
            assertArrayEquals(new int[] {1, -2, 3}, (int[]) f.optArray("ints", GgufValueType.INT32).values());
            assertArrayEquals(new String[] {"a", "", "ccc"}, (String[]) f.optArray("strs", GgufValueType.STRING).values());
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) f.optArray("bools", GgufValueType.BOOL).values());
            GgufArray[] nested = (GgufArray[]) f.optArray("nested", GgufValueType.ARRAY).values();
            assertArrayEquals(new float[] {1f, 2f}, (float[]) nested[0].values());
            assertArrayEquals(new byte[] {9}, (byte[]) nested[1].values());

            for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
                Tensor tensor = f.tensor("t." + t);
                assertArrayEquals(new long[] {2, 32}, tensor.shape());
                assertEquals(0, (f.dataOffset() + f.tensorInfos().get("t." + t).offset()) % 64);
                float[] back = RowDecoder.toFloats(tensor);
                for (int i = 0; i < 64; i++) {
                    float amax = 0;
                    for (int j = i / 32 * 32; j < i / 32 * 32 + 32; j++) {
                        amax = Math.max(amax, Math.abs(values[j]));
                    }
                    // half a quantization step of the block, plus the f16 rounding of its scale
                    float tolerance = switch (t) {
                        case F32 -> 0f;
                        case F16 -> Math.abs(values[i]) / 1024;
                        case BF16 -> Math.abs(values[i]) / 128;
                        case Q8_0 -> amax / 127 / 2 * 1.02f;
                        default -> amax / 8 / 2 * 1.02f;
                    };
                    assertEquals(values[i], back[i], tolerance, t + " element " + i);
                }
            }
        }
    }

    @Test
    void readsVersion2() throws IOException {
        GgufWriter w = new GgufWriter().put("general.architecture", "llama");
        Path file = dir.resolve("v2.gguf");
        w.write(file);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        Files.write(file, b);
        try (GgufFile f = GgufReader.open(file)) {
            assertEquals(2, f.version());
            assertEquals("llama", f.optString("general.architecture"));
        }
    }

    @Test
    void quantizationMatchesTheGgmlReference() {
        // one block: the values -16..15 scaled; q8_0: d = amax/127, q = roundf(x/d); q4_0: d = max/-8, q = min(15, (int)(x/d + 8.5))
        float[] x = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i] = (i - 16) * 0.25f;
        }
        ByteBuffer q8 = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        RowEncoder.encode(GgmlType.Q8_0, x, q8);
        float d8 = Float.float16ToFloat(q8.getShort(0));
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(4f / 127)), d8);
        assertEquals(-127, q8.get(2)); // x[0] = -4 -> -127
        assertEquals((byte) Math.round(-3.75f / (4f / 127) * 1.0), q8.get(3)); // -119.06 -> -119
        assertEquals(0, q8.get(2 + 16));
        assertEquals(8, q8.get(2 + 17)); // 0.25 * 31.75 = 7.9375 -> 8

        ByteBuffer q4 = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        RowEncoder.encode(GgmlType.Q4_0, x, q4);
        float d4 = Float.float16ToFloat(q4.getShort(0));
        assertEquals(0.5f, d4); // the largest magnitude is -4: d = -4 / -8
        // x[0] = -4 -> -8 + 8.5 = 0.5 -> 0; x[16] = 0 -> 8; x[31] = 3.75 -> 7.5 + 8.5 = 16 -> clamped 15
        assertEquals(0, q4.get(2) & 0x0f);
        assertEquals(8, (q4.get(2) >> 4) & 0x0f);
        assertEquals(15, (q4.get(2 + 15) >> 4) & 0x0f);
    }
}
