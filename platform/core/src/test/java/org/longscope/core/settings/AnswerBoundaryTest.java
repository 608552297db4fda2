package org.longscope.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.longscope.api.model.Tokenizer;
import org.longscope.core.testing.WordTokenizer;

class AnswerBoundaryTest {

    /** One token per UTF-8 byte, as the shipped model's tokenizer. */
    static final class ByteTokenizer implements Tokenizer {
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

    /** GPT-2's way: a word carries its leading space (" the" is one token), a trailing space stands alone. */
    static final class SpaceMergingTokenizer implements Tokenizer {
        private static final Pattern PIECE = Pattern.compile(" ?[^\\s]+|\\s+");
        private final List<String> pieces = new ArrayList<>();

        @Override
        public synchronized int[] encode(String text, boolean addSpecialTokens) {
            List<Integer> ids = new ArrayList<>();
            Matcher m = PIECE.matcher(text);
            while (m.find()) {
                int id = pieces.indexOf(m.group());
                if (id < 0) {
                    pieces.add(m.group());
                    id = pieces.size() - 1;
                }
                ids.add(id);
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public synchronized String decode(int[] ids) {
            StringBuilder out = new StringBuilder();
            for (int id : ids) {
                out.append(pieces.get(id));
            }
            return out.toString();
        }

        @Override
        public synchronized int vocabularySize() {
            return pieces.size();
        }
    }

    @Test
    void aByteTokenizerGetsTheSpaceInThePrompt() {
        assertEquals("The pass key is ", AnswerBoundary.prefix("The pass key is", new ByteTokenizer()));
        assertEquals("Answer: ", AnswerBoundary.prefix("Answer:", new ByteTokenizer()));
    }

    @Test
    void aTokenizerThatKeepsEveryWhitespaceApartGetsItToo() {
        assertEquals("The pass key is ", AnswerBoundary.prefix("The pass key is", new WordTokenizer()));
    }

    @Test
    void aTokenizerThatMergesTheSpaceIntoTheNextWordChangesNothing() {
        assertEquals("The pass key is", AnswerBoundary.prefix("The pass key is", new SpaceMergingTokenizer()));
    }

    @Test
    void anEmptyPrefixOrOneEndingInWhitespaceIsLeftAsWritten() {
        assertEquals("", AnswerBoundary.prefix("", new ByteTokenizer()));
        assertEquals("Answer: ", AnswerBoundary.prefix("Answer: ", new ByteTokenizer()));
        assertEquals("Answer:\n", AnswerBoundary.prefix("Answer:\n", new ByteTokenizer()));
    }
}
