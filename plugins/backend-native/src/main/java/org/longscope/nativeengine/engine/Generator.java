package org.longscope.nativeengine.engine;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.longscope.api.InvalidInputException;
import org.longscope.api.kv.KvCache;
import org.longscope.api.model.Completion.FinishReason;
import org.longscope.api.model.Decoding;
import org.longscope.api.model.Timings;
import org.longscope.api.model.Tokenizer;
import org.longscope.nativeengine.kernel.VectorOps;

/**
 * The generation loop over a {@link Transformer}: chunked prefill of the prompt, then one token
 * at a time until a stop token, a stop string or the token limit; plus log-probabilities of a
 * given continuation and the score head. Timings: prefill runs up to the first token's logits;
 * decode covers every later forward pass.
 */
public final class Generator {

    /**
     * @param tokens       generated token ids (without a final stop token)
     * @param text         generated text, cut before the first stop string
     * @param finishReason why it ended
     * @param timings      prefill and decode wall-clock time
     */
    public record Result(int[] tokens, String text, FinishReason finishReason, Timings timings) {
    }

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final int[] stopTokenIds;
    private final int[] one = new int[1];
    private Sampler sampler;
    private int sampled;

    public Generator(Transformer model, Tokenizer tokenizer, int[] stopTokenIds) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.stopTokenIds = stopTokenIds.clone();
    }

    private void sample(int index, MemorySegment logits, long offset) {
        sampled = sampler.next(logits, offset);
    }

    private boolean isStopToken(int token) {
        for (int id : stopTokenIds) {
            if (id == token) {
                return true;
            }
        }
        return false;
    }

    /**
     * Generates after {@code prompt}; the cache must be empty and hold at least
     * {@code prompt.length + maxNewTokens} tokens.
     */
    public Result generate(int[] prompt, KvCache cache, int maxNewTokens, List<String> stop, Decoding decoding) {
        return generate(prompt, cache, maxNewTokens, stop, decoding, null);
    }

    /**
     * The same, sending the text to {@code onText} as it grows (null: not at all): the pieces
     * concatenate to {@link Result#text()}.
     */
    public Result generate(int[] prompt, KvCache cache, int maxNewTokens, List<String> stop, Decoding decoding,
            java.util.function.Consumer<String> onText) {
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "expected at least one token, got an empty prompt");
        }
        sampler = new Sampler(model.config().vocabSize(), decoding);
        LogitsConsumer consumer = this::sample;
        int longestStop = stop.stream().mapToInt(String::length).max().orElse(0);
        TextStreamer streamer = onText == null ? null : new TextStreamer(onText, Math.max(0, longestStop - 1));

        long start = System.nanoTime();
        model.forward(prompt, prompt.length, 0, cache, prompt.length - 1, consumer);
        cache.endPrefill();
        long prefillNanos = System.nanoTime() - start;

        int[] generated = new int[maxNewTokens];
        int count = 0;
        int decodeSteps = 0;
        long decodeStart = System.nanoTime();
        FinishReason reason = FinishReason.LENGTH;
        String text = null;
        int scanFrom = 0;
        while (true) {
            int token = sampled;
            if (isStopToken(token)) {
                reason = FinishReason.EOS;
                break;
            }
            generated[count++] = token;
            if (longestStop > 0 || streamer != null) {
                String sofar = tokenizer.decode(Arrays.copyOf(generated, count));
                int cut = longestStop > 0 ? firstStop(sofar, stop, Math.max(0, scanFrom - longestStop)) : -1;
                scanFrom = sofar.length();
                if (cut >= 0) {
                    text = sofar.substring(0, cut);
                    reason = FinishReason.STOP;
                    break;
                }
                if (streamer != null) {
                    streamer.grown(sofar);
                }
            }
            if (count == maxNewTokens) {
                break;
            }
            one[0] = token;
            model.forward(one, 1, prompt.length + count - 1, cache, 0, consumer);
            decodeSteps++;
        }
        long decodeNanos = System.nanoTime() - decodeStart;
        int[] tokens = Arrays.copyOf(generated, count);
        if (text == null) {
            text = tokenizer.decode(tokens);
        }
        if (streamer != null) {
            streamer.finish(text);
        }
        sampler = null;
        return new Result(tokens, text, reason, new Timings(prefillNanos, decodeNanos, decodeSteps));
    }

    private static int firstStop(String text, List<String> stop, int from) {
        int best = -1;
        for (String s : stop) {
            if (s.isEmpty()) {
                continue;
            }
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /**
     * Natural-log probabilities of each token of {@code continuation} after {@code prompt}; the cache
     * must be empty and hold both.
     */
    public float[] continuationLogProbs(int[] prompt, int[] continuation, KvCache cache) {
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "expected at least one token to condition on");
        }
        int[] all = Arrays.copyOf(prompt, prompt.length + continuation.length);
        System.arraycopy(continuation, 0, all, prompt.length, continuation.length);
        float[] result = new float[continuation.length];
        if (continuation.length == 0) {
            return result;
        }
        int vocab = model.config().vocabSize();
        model.forward(all, all.length - 1, 0, cache, prompt.length - 1, (index, logits, offset) -> {
            int target = all[index + 1];
            float logit = logits.get(JAVA_FLOAT_UNALIGNED, offset + 4L * target);
            float logZ = VectorOps.softmax(logits, offset, vocab, 1f);
            result[index + 1 - prompt.length] = logit - logZ;
        });
        return result;
    }

    /**
     * As {@link #continuationLogProbs(int[], int[], KvCache)}, but the way a generation meets a KV
     * method: the prompt is prefilled and the cache ends its prefill (a prefill-time method selects
     * then), and the continuation is read one token per step, each step attending to what was kept.
     */
    public float[] continuationLogProbsStepwise(int[] prompt, int[] continuation, KvCache cache) {
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "expected at least one token to condition on");
        }
        float[] result = new float[continuation.length];
        int vocab = model.config().vocabSize();
        int[] step = new int[1];
        LogitsConsumer score = (index, logits, offset) -> {
            int target = continuation[step[0]];
            float logit = logits.get(JAVA_FLOAT_UNALIGNED, offset + 4L * target);
            result[step[0]] = logit - VectorOps.softmax(logits, offset, vocab, 1f);
        };
        model.forward(prompt, prompt.length, 0, cache, prompt.length - 1, score);
        cache.endPrefill();
        for (int i = 1; i < continuation.length; i++) {
            one[0] = continuation[i - 1];
            step[0] = i;
            model.forward(one, 1, prompt.length + i - 1, cache, 0, score);
        }
        return result;
    }
}
