package org.longscope.api.model;

/**
 * How the next token is chosen. Greedy decoding is the standardized default.
 *
 * @param temperature 0 for greedy; otherwise the softmax temperature
 * @param topK        0 for no top-k filter
 * @param topP        1 for no nucleus filter
 * @param seed        seed of the sampler (ignored when greedy)
 */
public record Decoding(double temperature, int topK, double topP, long seed) {
    public static final Decoding GREEDY = new Decoding(0, 0, 1, 0);

    public Decoding {
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
    }

    public boolean greedy() {
        return temperature == 0;
    }
}
