package org.longscope.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) with gradient clipping by global norm,
 * updating the parameters in place. Weight decay applies to matrices only, not to norms and biases.
 * Its moments are plain named arrays so a checkpoint can save and restore them.
 */
final class AdamW {
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long steps;

    AdamW(Map<String, NDArray> parameters, double beta1, double beta2, double eps, double weightDecay) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            m.put(e.getKey(), zerosLike(e.getValue()));
            v.put(e.getKey(), zerosLike(e.getValue()));
        }
    }

    private static NDArray zerosLike(NDArray a) {
        NDArray z = a.getManager().zeros(a.getShape());
        NDScope.unregister(z);
        return z;
    }

    /**
     * One update from the accumulated gradients, which it then zeroes. A step whose gradients are not
     * finite changes nothing.
     *
     * @return the global gradient norm before clipping (infinite or NaN for a skipped step)
     */
    double step(double learningRate, double clipNorm) {
        steps++;
        try (NDScope scope = new NDScope()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            double squares = 0;
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray g = e.getValue().getGradient();
                grads.put(e.getKey(), g);
                squares += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                // an overflowing gradient (a loss spike) would turn every weight into NaN: skip the step
                steps--;
                grads.values().forEach(g -> g.set(new float[Math.toIntExact(g.size())])); // 0 * Infinity would be NaN
                return norm;
            }
            float scale = (float) (norm > clipNorm ? clipNorm / norm : 1.0);
            double c1 = 1 - Math.pow(beta1, steps);
            double c2 = 1 - Math.pow(beta2, steps);
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = grads.get(e.getKey()).mul(scale);
                NDArray mi = m.get(e.getKey());
                NDArray vi = v.get(e.getKey());
                mi.muli(beta1).addi(g.mul(1 - beta1));
                vi.muli(beta2).addi(g.square().mul(1 - beta2));
                NDArray update = mi.div(c1).div(vi.div(c2).sqrt().add(eps));
                if (p.getShape().dimension() == 2) {
                    p.muli(1 - learningRate * weightDecay);
                }
                p.subi(update.mul(learningRate));
                grads.get(e.getKey()).muli(0);
            }
            return norm;
        }
    }

    long steps() {
        return steps;
    }

    /** Moments by {@code m.<name>} and {@code v.<name>}. */
    Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, a));
        v.forEach((k, a) -> s.put("v." + k, a));
        return s;
    }

    /** Restores moments saved by {@link #state()} after {@code steps} updates. */
    void restore(Map<String, NDArray> state, long steps) {
        for (String k : parameters.keySet()) {
            m.get(k).set(state.get("m." + k).toFloatArray());
            v.get(k).set(state.get("v." + k).toFloatArray());
        }
        this.steps = steps;
    }
}
