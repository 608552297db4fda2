package org.longscope.nativeengine.gguf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.Tensor;

/**
 * A parsed GGUF file whose tensor data stays in the memory-mapped file. Closing it unmaps the file.
 */
public final class GgufFile implements AutoCloseable {
    private final Path path;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, GgufTensorInfo> tensorInfos;
    private final long alignment;
    private final long dataOffset;
    private final MemorySegment mapped;
    private final Arena arena;

    GgufFile(Path path, int version, Map<String, GgufValue> metadata, List<GgufTensorInfo> tensorInfos,
            long alignment, long dataOffset, MemorySegment mapped, Arena arena) {
        this.path = path;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo info : tensorInfos) {
            byName.put(info.name(), info);
        }
        this.tensorInfos = Collections.unmodifiableMap(byName);
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.mapped = mapped;
        this.arena = arena;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public Map<String, GgufTensorInfo> tensorInfos() {
        return tensorInfos;
    }

    public long alignment() {
        return alignment;
    }

    /** Absolute file offset of the data section. */
    public long dataOffset() {
        return dataOffset;
    }

    public long fileSize() {
        return mapped.byteSize();
    }

    /** The tensor's data as a slice of the mapped file. */
    public Tensor tensor(String name) {
        GgufTensorInfo info = tensorInfos.get(name);
        if (info == null) {
            throw new InvalidInputException(path + ": tensor " + name, "missing from the file");
        }
        return tensor(info, info.name());
    }

    /** The tensor under another name (GGUF names are canonical; the hook is for renaming). */
    public Tensor tensor(GgufTensorInfo info, String canonicalName) {
        return new Tensor(canonicalName, info.type(), info.shape(), mapped.asSlice(dataOffset + info.offset(), info.bytes()));
    }

    // Metadata lookups. Missing keys give null from the opt* methods; the require* methods name the key.

    public GgufValue opt(String key) {
        return metadata.get(key);
    }

    public String optString(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            return null;
        }
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, "a string", v);
        }
        return (String) v.value();
    }

    public Long optLong(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            return null;
        }
        Long l = v.asLong();
        if (l == null) {
            throw wrongType(key, "an integer", v);
        }
        return l;
    }

    public Double optDouble(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            return null;
        }
        Double d = v.asDouble();
        if (d == null) {
            throw wrongType(key, "a number", v);
        }
        return d;
    }

    public Boolean optBool(String key) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            return null;
        }
        if (v.type() != GgufValueType.BOOL) {
            throw wrongType(key, "a bool", v);
        }
        return (Boolean) v.value();
    }

    public GgufArray optArray(String key, GgufValueType elementType) {
        GgufValue v = metadata.get(key);
        if (v == null) {
            return null;
        }
        if (v.type() != GgufValueType.ARRAY || ((GgufArray) v.value()).elementType() != elementType) {
            throw wrongType(key, "an array of " + elementType, v);
        }
        return (GgufArray) v.value();
    }

    public String requireString(String key) {
        String s = optString(key);
        if (s == null) {
            throw missing(key);
        }
        return s;
    }

    public long requireLong(String key) {
        Long l = optLong(key);
        if (l == null) {
            throw missing(key);
        }
        return l;
    }

    /** An integer that must fit in an int and be at least {@code min}. */
    public int requireInt(String key, int min) {
        return checkedInt(key, requireLong(key), min);
    }

    public int optInt(String key, int min, int fallback) {
        Long l = optLong(key);
        return l == null ? fallback : checkedInt(key, l, min);
    }

    private int checkedInt(String key, long v, int min) {
        if (v < min || v > Integer.MAX_VALUE) {
            throw new InvalidInputException(path + ": metadata " + key, "expected an integer >= " + min + ", found " + v);
        }
        return (int) v;
    }

    private InvalidInputException missing(String key) {
        return new InvalidInputException(path + ": metadata " + key, "required key is missing");
    }

    private InvalidInputException wrongType(String key, String expected, GgufValue v) {
        String found = v.type() == GgufValueType.ARRAY ? "an array of " + ((GgufArray) v.value()).elementType() : v.type().toString();
        return new InvalidInputException(path + ": metadata " + key, "expected " + expected + ", found " + found);
    }

    @Override
    public void close() {
        arena.close();
    }
}
