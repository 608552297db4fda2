package org.longscope.nativeengine.synth;

import java.nio.file.Path;
import java.util.List;
import org.longscope.api.model.ModelSynthesizer;
import org.osgi.service.component.annotations.Component;

/** {@code longscope model synth} as a service of this bundle: the CLI reaches it without importing the engine. */
@Component(service = ModelSynthesizer.class)
public final class SynthService implements ModelSynthesizer {
    @Override
    public Path synthesize(List<String> arguments) {
        return SyntheticModels.run(arguments.toArray(String[]::new));
    }
}
