package org.longscope.nativeengine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Q4_K and Q6_K blocks packed as ggml's reference quantizers pack them (quantize_row_q4_K_ref,
 * quantize_row_q6_K_ref) from known integer levels decode to d * scale * level (- dmin * min).
 */
class KQuantDecodeTest {

    @Test
    void q4K() {
        SplittableRandom r = new SplittableRandom(1);
        int[] ls = new int[8];
        int[] lm = new int[8];
        int[] levels = new int[256];
        for (int j = 0; j < 8; j++) {
            ls[j] = r.nextInt(64);
            lm[j] = r.nextInt(64);
        }
        for (int k = 0; k < 256; k++) {
            levels[k] = r.nextInt(16);
        }
        float d = 0.0123f;
        float dmin = 0.0456f;
        byte[] block = new byte[144];
        putHalf(block, 0, d);
        putHalf(block, 2, dmin);
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                block[4 + j] = (byte) ls[j];
                block[4 + j + 4] = (byte) lm[j];
            } else {
                block[4 + j + 4] = (byte) ((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
                block[4 + j - 4] |= (byte) ((ls[j] >> 4) << 6);
                block[4 + j] |= (byte) ((lm[j] >> 4) << 6);
            }
        }
        for (int j = 0, q = 16; j < 256; j += 64, q += 32) {
            for (int l = 0; l < 32; l++) {
                block[q + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 4));
            }
        }
        float[] out = decode(GgmlType.Q4_K, block);
        float dh = Float.float16ToFloat(Float.floatToFloat16(d));
        float mh = Float.float16ToFloat(Float.floatToFloat16(dmin));
        for (int k = 0; k < 256; k++) {
            int j = k / 32;
            assertEquals(dh * ls[j] * levels[k] - mh * lm[j], out[k], 1e-6f, "element " + k);
        }
    }

    @Test
    void q6K() {
        SplittableRandom r = new SplittableRandom(2);
        int[] levels = new int[256];
        byte[] scales = new byte[16];
        for (int k = 0; k < 256; k++) {
            levels[k] = r.nextInt(64);
        }
        for (int i = 0; i < 16; i++) {
            scales[i] = (byte) (r.nextInt(256) - 128);
        }
        float d = 0.0031f;
        byte[] block = new byte[210];
        for (int j = 0, ql = 0, qh = 128; j < 256; j += 128, ql += 64, qh += 32) {
            for (int l = 0; l < 32; l++) {
                int q1 = levels[j + l] & 0xF;
                int q2 = levels[j + l + 32] & 0xF;
                int q3 = levels[j + l + 64] & 0xF;
                int q4 = levels[j + l + 96] & 0xF;
                block[ql + l] = (byte) (q1 | (q3 << 4));
                block[ql + l + 32] = (byte) (q2 | (q4 << 4));
                block[qh + l] = (byte) ((levels[j + l] >> 4) | ((levels[j + l + 32] >> 4) << 2)
                        | ((levels[j + l + 64] >> 4) << 4) | ((levels[j + l + 96] >> 4) << 6));
            }
        }
        System.arraycopy(scales, 0, block, 192, 16);
        putHalf(block, 208, d);
        float[] out = decode(GgmlType.Q6_K, block);
        float dh = Float.float16ToFloat(Float.floatToFloat16(d));
        for (int k = 0; k < 256; k++) {
            assertEquals(dh * scales[k / 16] * (levels[k] - 32), out[k], 1e-6f, "element " + k);
        }
    }

    private static void putHalf(byte[] b, int at, float v) {
        short h = Float.floatToFloat16(v);
        b[at] = (byte) h;
        b[at + 1] = (byte) (h >> 8);
    }

    private static float[] decode(GgmlType type, byte[] block) {
        Tensor t = new Tensor("t", type, new long[] {256}, MemorySegment.ofArray(block));
        return RowDecoder.toFloats(t);
    }
}
