package org.longscope.core.runs;

import java.io.IOException;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.spec.ModelSpec;

/**
 * Opens models through the installed backends as a run does (a spec's {@code backend}, or the
 * first backend that can open the reference), for callers that serve a model rather than evaluate
 * it. The caller owns and closes what it opens.
 */
public interface ModelOpener {

    /**
     * @param model a model spec, or {@code null} for the distribution's default model
     * @throws org.longscope.api.InvalidInputException for an unknown backend, or a reference no backend opens
     */
    LanguageModel open(ModelSpec model) throws IOException;
}
