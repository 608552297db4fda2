package org.longscope.core.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;

/** Opens {@link EchoModel}s for references {@code echo:<context-length>}; option {@code delay_ms} slows generation. */
public final class EchoBackend implements ModelBackend {
    public final WordTokenizer tokenizer = new WordTokenizer();
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    /** How often a run asked whether this backend opens a reference (resolving a spec without a backend). */
    public final AtomicInteger probed = new AtomicInteger();

    @Override
    public boolean canOpen(ModelRef ref) {
        probed.incrementAndGet();
        return ref.reference().startsWith("echo:");
    }

    @Override
    public LanguageModel open(ModelRef ref, Map<String, Object> options) {
        opened.incrementAndGet();
        int context = Integer.parseInt(ref.reference().substring("echo:".length()));
        long delay = options.containsKey("delay_ms") ? Long.parseLong(options.get("delay_ms").toString()) : 0;
        return new EchoModel(tokenizer, context, delay, closed, options);
    }
}
