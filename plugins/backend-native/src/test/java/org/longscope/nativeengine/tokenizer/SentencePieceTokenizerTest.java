package org.longscope.nativeengine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SentencePiece on a small hand-built vocabulary whose expected ids were worked out by hand. */
class SentencePieceTokenizerTest {
    private static final String[] PIECES = {"▁", "h", "e", "l", "o", "w", "r", "d", "he", "ll", "llo", "hell", "hello",
            "▁hello", "▁w", "or", "▁wor", "ld", "▁world"};
    private static final float[] SCORES = {-20, -21, -22, -23, -24, -25, -26, -27, -4, -5, -3, -10, -2,
            -1, -7, -8, -6, -9, -1.5f};

    /** 0 unk, 1 BOS, 2 EOS, 3..258 the byte tokens, then the pieces from 259. */
    static GgufVocabulary vocabulary() {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(GgufVocabulary.UNKNOWN, GgufVocabulary.CONTROL, GgufVocabulary.CONTROL));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(GgufVocabulary.BYTE);
            scores.add(0f);
        }
        for (int i = 0; i < PIECES.length; i++) {
            tokens.add(PIECES[i]);
            types.add(GgufVocabulary.NORMAL);
            scores.add(SCORES[i]);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new GgufVocabulary("llama", null, tokens.toArray(String[]::new), types.stream().mapToInt(Integer::intValue).toArray(),
                s, null, 1, 2, -1, 0, -1, true, false, true);
    }

    private static int piece(String p) {
        return 259 + List.of(PIECES).indexOf(p);
    }

    private final SentencePieceTokenizer spm = new SentencePieceTokenizer(vocabulary());

    @Test
    void mergesByScore() {
        // ▁ h e l l o ▁ w o r l d: he, ll, llo, hello, ▁hello; then ▁w, or, ▁wor, ld, ▁world
        assertArrayEquals(new int[] {piece("▁hello"), piece("▁world")}, spm.encode("hello world", false));
        assertArrayEquals(new int[] {1, piece("▁hello"), piece("▁world")}, spm.encode("hello world", true));
    }

    @Test
    void byteFallbackForUnknownCharacters() {
        // "i" and "!" are not pieces: their UTF-8 bytes; "é" is two bytes
        assertArrayEquals(new int[] {piece("▁"), piece("h"), 3 + 'i', 3 + '!'}, spm.encode("hi!", false));
        assertArrayEquals(new int[] {piece("▁"), 3 + 0xC3, 3 + 0xA9}, spm.encode("é", false));
        assertEquals("hi!", spm.decode(spm.encode("hi!", false)));
        assertEquals("é", spm.decode(spm.encode("é", false)));
    }

    @Test
    void specialTokensInTextAndSpacePrefixAfterThem() {
        assertArrayEquals(new int[] {piece("▁hello"), 2, piece("▁world")}, spm.encode("hello</s>world", false));
        assertArrayEquals(new int[] {1, piece("▁hello"), piece("▁world")}, spm.encode("<s>hello world", false));
    }

    @Test
    void survivesTheGgufRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("spm.gguf");
        org.longscope.nativeengine.gguf.GgufWriter w = new org.longscope.nativeengine.gguf.GgufWriter();
        vocabulary().writeTo(w);
        w.write(file);
        try (org.longscope.nativeengine.gguf.GgufFile f = org.longscope.nativeengine.gguf.GgufReader.open(file)) {
            GgufVocabulary read = GgufVocabulary.read(f);
            assertEquals("llama", read.model());
            assertEquals(true, read.addBos());
            SentencePieceTokenizer fromFile = new SentencePieceTokenizer(read);
            for (String text : List.of("hello world", "hi! é", "hello</s>world")) {
                assertArrayEquals(spm.encode(text, true), fromFile.encode(text, true), text);
            }
        }
    }

    @Test
    void decodeTurnsSpaceMarksIntoSpacesAndDropsThePrefix() {
        assertEquals("hello world", spm.decode(new int[] {piece("▁hello"), piece("▁world")}));
        assertEquals("<s>hello world", spm.decode(new int[] {1, piece("▁hello"), piece("▁world")}));
        assertEquals(" hello", spm.decode(new int[] {piece("▁"), piece("▁hello")}).substring(0, 6));
    }
}
