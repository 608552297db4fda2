package org.longscope.kv.core;

import java.util.Locale;

/** Element type of a dense key/value store. */
public enum Precision {
    FP32(4),
    FP16(2);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored element. */
    public int bytes() {
        return bytes;
    }

    /** The lower-case name used in method parameters ({@code fp32}, {@code fp16}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32} or {@code fp16} (as validated by a choice {@code ParamSpec}). */
    public static Precision of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
