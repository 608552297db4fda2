package org.longscope.itests.backend;

import java.io.IOException;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelBackend;
import org.longscope.api.model.ModelRef;
import org.osgi.service.component.annotations.Component;

/**
 * Opens {@code digits:<name>} references as {@link DigitsModel}s. {@code digits:fail} cannot be
 * opened (an I/O error), for tests of failed runs. Option {@code delay_ms} slows each generation.
 */
@Component(service = ModelBackend.class, property = {"longscope.kind=backend", "longscope.id=digits",
        "longscope.description=test-only backend that answers with the first number of the prompt"})
public final class DigitsBackend implements ModelBackend {
    static final String PREFIX = "digits:";

    @Override
    public boolean canOpen(ModelRef ref) {
        return ref.reference().startsWith(PREFIX);
    }

    @Override
    public LanguageModel open(ModelRef ref, Map<String, Object> options) throws IOException {
        if (!canOpen(ref)) {
            throw new InvalidInputException("model.ref", "expected a reference like 'digits:test', got '"
                    + ref.reference() + "'");
        }
        long delay = 0;
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (!e.getKey().equals("delay_ms")) {
                throw new InvalidInputException("model.options." + e.getKey(), "unknown option; digits takes [delay_ms]");
            }
            try {
                delay = Long.parseLong(String.valueOf(e.getValue()).trim());
            } catch (NumberFormatException x) {
                throw new InvalidInputException("model.options.delay_ms", "expected an integer, got '" + e.getValue() + "'");
            }
        }
        if (ref.reference().equals(PREFIX + "fail")) {
            throw new IOException("digits:fail cannot be opened (test backend refuses it on purpose)");
        }
        return new DigitsModel(ref.reference().substring(PREFIX.length()), delay);
    }
}
