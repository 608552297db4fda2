package org.longscope.api.model;

/**
 * An opened model. Owned by whoever opened it; {@link #close()} releases its memory (mapped
 * files, KV caches, connections).
 *
 * <p>Threading: {@link #info()} and {@link #tokenizer()} are thread-safe. {@link #generate} may be
 * called concurrently from several threads; an implementation that cannot run requests in parallel
 * serializes them. The run engine bounds concurrency per backend.
 *
 * <p>Errors: a request the model cannot take (prompt longer than the context window, an unknown KV
 * method id) throws {@link org.longscope.api.InvalidInputException}; a failed remote call throws
 * {@link java.io.UncheckedIOException}. Neither leaves the model unusable.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    Tokenizer tokenizer();

    Completion generate(GenerationRequest request);

    /**
     * A generation whose text reaches {@code onText} as it is produced, in pieces that concatenate to
     * {@link Completion#text()} (a stop string and what follows it are never sent). The default
     * sends the whole text once, at the end; backends that decode token by token override it.
     */
    default Completion generate(GenerationRequest request, java.util.function.Consumer<String> onText) {
        Completion completion = generate(request);
        if (completion.text() != null && !completion.text().isEmpty()) {
            onText.accept(completion.text());
        }
        return completion;
    }

    /**
     * Log-probabilities of each token of {@code continuation} given {@code prompt}.
     *
     * @throws UnsupportedOperationException if the backend cannot compute them
     */
    default float[] continuationLogProbs(String prompt, String continuation) {
        throw new UnsupportedOperationException(info().name() + " does not expose log-probabilities");
    }

    /**
     * Log-probabilities of each token of {@code continuation} given {@code prompt}, with a KV-cache
     * method applied to the prompt as for a generation (its prefill-time selection, then the
     * continuation read token by token). The default takes only the full cache ({@code null}).
     *
     * @throws UnsupportedOperationException if the backend cannot compute them, or not under a KV method
     */
    default float[] continuationLogProbs(String prompt, String continuation, org.longscope.api.kv.KvMethodSpec kvMethod) {
        if (kvMethod == null || kvMethod.id().equals(org.longscope.api.kv.KvMethodSpec.FULL) && kvMethod.params().isEmpty()) {
            return continuationLogProbs(prompt, continuation);
        }
        throw new UnsupportedOperationException(info().name() + " does not score continuations under a KV method");
    }

    /**
     * Scalar reward of a complete text (prompt and response, template applied) from the model's
     * score head ({@code *ForSequenceClassification} checkpoints).
     *
     * @throws UnsupportedOperationException if {@link ModelInfo#hasRewardHead()} is false
     */
    default double reward(String text) {
        throw new UnsupportedOperationException(info().name() + " has no reward head");
    }

    @Override
    void close();
}
