package org.longscope.kv.quant;

import java.util.Map;
import org.longscope.api.InvalidInputException;

/** Cross-parameter checks shared by KIVI and OTT. */
final class QuantParams {
    private QuantParams() {
    }

    static QuantConfig config(String id, Map<String, Object> p, int outliers, int extraPool, int firstTracedLayer,
            boolean residualMultipleOfGroup) {
        int bits = (Integer) p.get("bits");
        if (bits != 2 && bits != 4 && bits != 8) {
            throw new InvalidInputException(id + ".bits", "expected 2, 4 or 8, got " + bits);
        }
        int group = (Integer) p.get("G");
        if (group % 8 != 0) {
            throw new InvalidInputException(id + ".G", "expected a multiple of 8 in [8, 4096], got " + group);
        }
        int residual = (Integer) p.get("R");
        if (residualMultipleOfGroup && residual % group != 0) {
            throw new InvalidInputException(id + ".R", "expected a multiple of G = " + group + ", got " + residual);
        }
        return new QuantConfig(bits, group, residual, outliers, extraPool, firstTracedLayer);
    }
}
