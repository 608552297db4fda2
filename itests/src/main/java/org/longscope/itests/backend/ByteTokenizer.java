package org.longscope.itests.backend;

import java.nio.charset.StandardCharsets;
import org.longscope.api.model.Tokenizer;

/** One token per UTF-8 byte: exact, reversible and trivially predictable for test lengths. */
final class ByteTokenizer implements Tokenizer {
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) ids[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int vocabularySize() {
        return 256;
    }
}
