package org.longscope.api.bench;

import java.nio.file.Path;
import org.longscope.api.model.Tokenizer;

/**
 * What an adapter needs to produce samples that fit the target model exactly.
 *
 * @param dataDirectory      where downloaded data files of this benchmark are
 * @param tokenizer          the target model's tokenizer
 * @param seed               seed of every random choice
 * @param promptOverhead     tokens the chat template and answer prefix add around the rendered
 *                           content, so generated contexts leave room for them
 */
public record SampleContext(Path dataDirectory, Tokenizer tokenizer, long seed, int promptOverhead) {
}
