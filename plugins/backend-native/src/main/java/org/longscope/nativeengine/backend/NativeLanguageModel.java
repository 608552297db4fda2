package org.longscope.nativeengine.backend;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvCache;
import org.longscope.api.kv.KvCachePolicy;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.kv.KvStats;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelInfo;
import org.longscope.api.model.Tokenizer;
import org.longscope.nativeengine.engine.Generator;
import org.longscope.nativeengine.engine.Transformer;
import org.longscope.nativeengine.kernel.ComputePool;
import org.longscope.nativeengine.model.LoadedModel;

/**
 * A model opened by the native backend: the loaded weights, the forward pass on a dedicated
 * compute pool, and a KV cache per request from the requested method. Requests run one at a time
 * (the forward pass owns its buffers); concurrent callers wait.
 */
public final class NativeLanguageModel implements LanguageModel {
    private final LoadedModel loaded;
    /** KV-cache method by id, looked up per request. */
    private final Function<String, KvCachePolicy> policies;
    private final NativeOptions options;
    private final ComputePool pool;
    private final Transformer transformer;
    private final Generator generator;
    private final ModelInfo info;

    public NativeLanguageModel(LoadedModel loaded, Function<String, KvCachePolicy> policies, NativeOptions options) {
        this.loaded = loaded;
        this.policies = policies;
        this.options = options;
        this.pool = new ComputePool(options.threads());
        try {
            this.transformer = new Transformer(loaded.source().toString(), loaded.config(), loaded.tensors(), pool,
                    options.chunkSize());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.generator = new Generator(transformer, loaded.tokenizer(), loaded.stopTokenIds());
        Map<String, Object> details = new LinkedHashMap<>(loaded.details());
        details.put("threads", options.threads());
        details.put("chunk_size", options.chunkSize());
        details.put("kv_dtype", options.kvDtype());
        details.put("layers", loaded.config().layers());
        details.put("hidden_size", loaded.config().hiddenSize());
        this.info = new ModelInfo(loaded.source().getFileName().toString(), loaded.config().architecture(),
                loaded.config().contextLength(), loaded.chatTemplate(), loaded.bosToken(), loaded.eosToken(), true,
                loaded.config().numLabels() > 0 && loaded.tensors().containsKey("score.weight"), true, details);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Tokenizer tokenizer() {
        return loaded.tokenizer();
    }

    /** Prompt ids: BOS added as the tokenizer's own rule says, unless the text already starts with it. */
    private int[] encodePrompt(String text) {
        boolean hasBos = loaded.bosToken() != null && !loaded.bosToken().isEmpty() && text.startsWith(loaded.bosToken());
        return loaded.tokenizer().encode(text, !hasBos);
    }

    private KvCache createCache(KvMethodSpec spec, int tokens) {
        KvMethodSpec method = spec == null ? new KvMethodSpec(KvMethodSpec.FULL, Map.of()) : spec;
        KvCachePolicy policy = policies.apply(method.id());
        Map<String, Object> params = new HashMap<>(method.params());
        if (method.id().equals(KvMethodSpec.FULL)) {
            params.putIfAbsent("dtype", options.kvDtype());
        }
        return policy.create(transformer.geometry(tokens), params);
    }

    private void checkLength(int tokens, String what) {
        if (tokens > info.contextLength()) {
            throw new InvalidInputException(what, tokens + " tokens exceed the context window of " + info.contextLength());
        }
    }

    @Override
    public Completion generate(GenerationRequest request) {
        return generate(request, null);
    }

    /** Token by token: {@code onText} (null: nobody) gets the text as each token is decoded. */
    @Override
    public synchronized Completion generate(GenerationRequest request, java.util.function.Consumer<String> onText) {
        if (request.prompt() == null) {
            throw new InvalidInputException("messages", "the native backend takes a rendered prompt (the run engine "
                    + "applies the chat template); got chat messages");
        }
        int[] prompt = encodePrompt(request.prompt());
        checkLength(prompt.length + 1, "prompt");
        int maxNew = Math.min(request.maxNewTokens(), info.contextLength() - prompt.length);
        try (KvCache cache = createCache(request.kvMethod(), prompt.length + maxNew)) {
            Generator.Result r = generator.generate(prompt, cache, maxNew, request.stop(), request.decoding(), onText);
            KvStats stats = cache.stats();
            return new Completion(r.text(), prompt.length, r.tokens().length, r.finishReason(), r.timings(), stats);
        }
    }

    @Override
    public synchronized float[] continuationLogProbs(String prompt, String continuation) {
        int[] p = encodePrompt(prompt);
        int[] c = loaded.tokenizer().encode(continuation, false);
        checkLength(p.length + c.length, "continuation");
        try (KvCache cache = createCache(null, Math.max(1, p.length + c.length))) {
            return generator.continuationLogProbs(p, c, cache);
        }
    }

    @Override
    public synchronized float[] continuationLogProbs(String prompt, String continuation, KvMethodSpec kvMethod) {
        if (kvMethod == null) {
            return continuationLogProbs(prompt, continuation);
        }
        int[] p = encodePrompt(prompt);
        int[] c = loaded.tokenizer().encode(continuation, false);
        checkLength(p.length + c.length, "continuation");
        if (c.length == 0) {
            return new float[0];
        }
        try (KvCache cache = createCache(kvMethod, p.length + c.length)) {
            return generator.continuationLogProbsStepwise(p, c, cache);
        }
    }

    @Override
    public synchronized double reward(String text) {
        if (!info.hasRewardHead()) {
            throw new UnsupportedOperationException(info.name() + " has no reward head (score.weight)");
        }
        int[] tokens = encodePrompt(text);
        if (tokens.length == 0) {
            throw new InvalidInputException("text", "expected text to score, got no tokens");
        }
        checkLength(tokens.length, "text");
        try (KvCache cache = createCache(null, tokens.length)) {
            return transformer.score(tokens, tokens.length, cache)[0];
        }
    }

    /** The forward pass (for benchmarks and tests). */
    public Transformer transformer() {
        return transformer;
    }

    @Override
    public synchronized void close() {
        transformer.close();
        pool.close();
        loaded.close();
    }
}
