package org.longscope.bench.longbench;

import com.huaban.analysis.jieba.JiebaSegmenter;
import java.util.List;

/**
 * Chinese word segmentation as upstream's {@code jieba.cut(text, cut_all=False)}: jieba's
 * precise mode (prefix dictionary, DAG, HMM for unknown words), through jieba-analysis, the Java
 * port with the same dictionary.
 */
final class Segmenter {
    private static final JiebaSegmenter JIEBA = new JiebaSegmenter();

    private Segmenter() {
    }

    static List<String> cut(String text) {
        return JIEBA.sentenceProcess(text);
    }
}
