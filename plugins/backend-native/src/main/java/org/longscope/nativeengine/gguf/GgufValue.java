package org.longscope.nativeengine.gguf;

/**
 * A typed metadata value. {@code value} is a {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code Boolean}, {@code String} or {@link GgufArray} as the type
 * says; unsigned values keep their bits (read them with {@link #asLong()}).
 */
public record GgufValue(GgufValueType type, Object value) {

    public static GgufValue string(String s) {
        return new GgufValue(GgufValueType.STRING, s);
    }

    public static GgufValue uint32(int v) {
        return new GgufValue(GgufValueType.UINT32, v);
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufValueType.INT32, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue array(GgufValueType elementType, Object values) {
        return new GgufValue(GgufValueType.ARRAY, new GgufArray(elementType, values));
    }

    /** Integer value, unsigned types zero-extended; {@code null} when the value is not an integer. */
    public Long asLong() {
        return switch (type) {
            case UINT8 -> (long) Byte.toUnsignedInt((Byte) value);
            case UINT16 -> (long) Short.toUnsignedInt((Short) value);
            case UINT32 -> Integer.toUnsignedLong((Integer) value);
            case INT8, INT16, INT32, INT64, UINT64 -> ((Number) value).longValue();
            default -> null;
        };
    }

    /** Numeric value as a double; {@code null} when not numeric. */
    public Double asDouble() {
        return switch (type) {
            case FLOAT32, FLOAT64 -> ((Number) value).doubleValue();
            case BOOL, STRING, ARRAY -> null;
            default -> asLong().doubleValue();
        };
    }
}
