package org.longscope.api.model;

import java.io.IOException;
import java.util.Map;

/**
 * Opens language models. Registered as an OSGi service with {@code longscope.kind=backend} and
 * {@code longscope.id=<id>} (e.g. {@code native}, {@code openai}).
 *
 * <p>Lifecycle: the service itself is stateless and thread-safe; every {@link #open} returns a new
 * {@link LanguageModel} owned by the caller, who must {@link LanguageModel#close() close} it.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ModelBackend {

    /** Whether this backend can open the reference (cheap: looks at the path or URL, never loads weights). */
    boolean canOpen(ModelRef ref);

    /**
     * Opens a model.
     *
     * @param ref what to open
     * @param options backend options (threads, chunk size, KV dtype, API key variable, ...); unknown
     *                options are refused with {@link org.longscope.api.InvalidInputException}
     * @throws org.longscope.api.InvalidInputException for a bad reference or a corrupt model file,
     *                naming the file and what is wrong
     * @throws IOException when the model cannot be read or reached
     */
    LanguageModel open(ModelRef ref, Map<String, Object> options) throws IOException;
}
