package org.longscope.server;

import java.util.List;
import java.util.Optional;

/** What the OpenAI-compatible {@code /v1} serves, from the server config: its model ids, or why the config was refused. */
public interface OpenAiEndpoint {

    /** Why the server config cannot be served (naming the field), or empty. */
    Optional<String> problem();

    /** The served model ids, in config order. */
    List<String> ids();
}
