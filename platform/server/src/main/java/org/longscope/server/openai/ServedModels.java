package org.longscope.server.openai;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.longscope.api.InvalidInputException;
import org.longscope.core.runs.ModelOpener;
import org.longscope.server.OpenAiEndpoint;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The models {@code /v1} serves, from the server config named by the framework property
 * {@code longscope.server.models} (else the default model as {@code default}). A config that cannot
 * be read leaves no model served and its error in {@link #problem()}, which {@code longscope serve}
 * reports before serving.
 */
@Component(service = {ServedModels.class, OpenAiEndpoint.class})
public final class ServedModels implements OpenAiEndpoint {
    public static final String CONFIG_PROPERTY = "longscope.server.models";

    private final ModelOpener opener;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final String problem;

    @Activate
    public ServedModels(@Reference ModelOpener opener, BundleContext context) {
        this.opener = opener;
        String file = context.getProperty(CONFIG_PROPERTY);
        ServerConfig config = null;
        String error = null;
        try {
            config = file == null || file.isBlank() ? ServerConfig.defaults() : ServerConfig.read(Path.of(file));
        } catch (InvalidInputException e) {
            error = e.getMessage();
        }
        this.problem = error;
        if (config != null) {
            for (ServerConfig.Served served : config.models().values()) {
                models.put(served.id(), new ServedModel(served, config.queue()));
            }
        }
    }

    /** Why nothing is served, or empty. */
    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public List<String> ids() {
        return List.copyOf(models.keySet());
    }

    ServedModel get(String id) {
        return models.get(id);
    }

    ModelOpener opener() {
        return opener;
    }

    @Deactivate
    void deactivate() {
        models.values().forEach(ServedModel::close);
    }
}
