package org.longscope.nativeengine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.MappedFiles;

/**
 * Parses GGUF v2 and v3 files (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md) over a
 * memory-mapped file. Every length and offset is checked against the file before it is used.
 */
public final class GgufReader {
    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_DIMS = 4;
    static final int MAX_ARRAY_NESTING = 8;
    // Far above real files (vocabularies of ~256K tokens, a few thousand tensors), far below the heap
    static final long MAX_TENSORS = 1 << 20;
    static final long MAX_METADATA = 1 << 20;
    static final long MAX_NUMBER_ARRAY = 1 << 24;
    static final long MAX_OBJECT_ARRAY = 1 << 22;

    private GgufReader() {
    }

    /** Maps and parses a GGUF file. The caller closes the result. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapped;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0) {
                    throw new InvalidInputException(path.toString(), "empty file, expected a GGUF model");
                }
                mapped = MappedFiles.mapReadOnly(ch, size, arena);
            }
            return parse(path, mapped, arena);
        } catch (IOException e) {
            arena.close();
            throw new InvalidInputException(path.toString(), "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Whether the file starts with the GGUF magic. */
    public static boolean looksLikeGguf(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            return ch.read(b, 0) == 4 && b.getInt(0) == MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    static GgufFile parse(Path path, MemorySegment mapped, Arena arena) {
        String file = path.toString();
        HeaderCursor in = new HeaderCursor(mapped, file);
        int magic = in.u32("magic");
        if (magic != MAGIC) {
            throw new InvalidInputException(file, String.format(
                    "bad magic 0x%08x, expected 0x%08x (\"GGUF\"): not a GGUF file", magic, MAGIC));
        }
        int version = in.u32("version");
        if (version != 2 && version != 3) {
            throw new InvalidInputException(file, "unsupported GGUF version " + Integer.toUnsignedString(version)
                    + ", expected 2 or 3");
        }
        long tensorCount = in.count("tensor count", 8 + 4 + 8 + 4 + 8);
        long kvCount = in.count("metadata count", 8 + 4 + 1);
        if (tensorCount > MAX_TENSORS || kvCount > MAX_METADATA) {
            throw new InvalidInputException(file, "absurd header: " + tensorCount + " tensors and " + kvCount
                    + " metadata entries (at most " + MAX_TENSORS + " and " + MAX_METADATA + " supported)");
        }

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key #" + i);
            int typeId = in.u32("type of metadata " + key);
            GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId));
            if (type == null) {
                throw in.error("metadata " + key + ": unknown value type " + Integer.toUnsignedString(typeId));
            }
            Object value = readValue(in, type, key, 0);
            if (metadata.put(key, new GgufValue(type, value)) != null) {
                throw in.error("duplicate metadata key " + key);
            }
        }

        long alignment = DEFAULT_ALIGNMENT;
        GgufValue alignValue = metadata.get("general.alignment");
        if (alignValue != null) {
            Long a = alignValue.asLong();
            if (a == null || a <= 0 || a > (1 << 24) || Long.bitCount(a) != 1) {
                throw new InvalidInputException(file + ": metadata general.alignment",
                        "expected a power of two integer, found " + alignValue.value());
            }
            alignment = a;
        }

        List<GgufTensorInfo> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.string("tensor name #" + i);
            if (!names.add(name)) {
                throw in.error("tensor " + name + ": duplicate name");
            }
            int nDims = in.u32("dimension count of tensor " + name);
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw in.error("tensor " + name + ": " + Integer.toUnsignedString(nDims) + " dimensions, expected 1 to " + MAX_DIMS);
            }
            long[] shape = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                long dim = in.u64("dimension " + d + " of tensor " + name);
                if (dim <= 0 || dim > (1L << 40)) {
                    throw in.error("tensor " + name + ": dimension " + d + " is " + Long.toUnsignedString(dim) + ", expected 1 to 2^40");
                }
                shape[nDims - 1 - d] = dim; // GGUF lists innermost first
                try {
                    elements = Math.multiplyExact(elements, dim);
                } catch (ArithmeticException e) {
                    throw in.error("tensor " + name + ": element count overflows");
                }
            }
            int typeId = in.u32("type of tensor " + name);
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) {
                throw in.error("tensor " + name + ": unknown or unsupported dtype id " + Integer.toUnsignedString(typeId)
                        + ", expected one of " + supportedTypes());
            }
            long innermost = shape[nDims - 1];
            if (innermost % type.blockSize() != 0) {
                throw in.error("tensor " + name + ": " + type + " needs rows of a multiple of " + type.blockSize()
                        + " elements, found " + innermost);
            }
            long offset = in.u64("data offset of tensor " + name);
            if (offset < 0 || offset % alignment != 0) {
                throw in.error("tensor " + name + ": data offset " + Long.toUnsignedString(offset)
                        + " is not a multiple of the alignment " + alignment);
            }
            infos.add(new GgufTensorInfo(name, type, shape, offset, type.bytesFor(elements)));
        }

        long dataOffset = alignUp(in.position(), alignment);
        long fileSize = mapped.byteSize();
        if (dataOffset > fileSize && !infos.isEmpty()) {
            throw new InvalidInputException(file, "truncated file: data section would start at " + dataOffset
                    + " beyond the end of the file (" + fileSize + " bytes)");
        }
        List<GgufTensorInfo> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        GgufTensorInfo previous = null;
        for (GgufTensorInfo t : byOffset) {
            long end = dataOffset + t.offset() + t.bytes();
            if (end < 0 || end > fileSize) {
                throw new InvalidInputException(file + ": tensor " + t.name(), "data [" + (dataOffset + t.offset()) + ", "
                        + (dataOffset + t.offset() + t.bytes()) + ") lies beyond the end of the file (" + fileSize
                        + " bytes): truncated file or corrupt offset");
            }
            if (previous != null && t.offset() < previous.offset() + previous.bytes()) {
                throw new InvalidInputException(file + ": tensor " + t.name(), "data at offset " + t.offset()
                        + " overlaps tensor " + previous.name() + " (offset " + previous.offset() + ", "
                        + previous.bytes() + " bytes)");
            }
            previous = t;
        }
        return new GgufFile(path, version, metadata, infos, alignment, dataOffset, mapped, arena);
    }

    static long alignUp(long pos, long alignment) {
        return (pos + alignment - 1) / alignment * alignment;
    }

    private static String supportedTypes() {
        StringBuilder sb = new StringBuilder();
        for (GgmlType t : GgmlType.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(t).append('(').append(t.id()).append(')');
        }
        return sb.toString();
    }

    private static Object readValue(HeaderCursor in, GgufValueType type, String key, int depth) {
        String what = "value of " + key;
        return switch (type) {
            case UINT8, INT8 -> in.u8(what);
            case UINT16, INT16 -> in.u16(what);
            case UINT32, INT32 -> in.u32(what);
            case UINT64, INT64 -> in.u64(what);
            case FLOAT32 -> in.f32(what);
            case FLOAT64 -> in.f64(what);
            case BOOL -> {
                byte b = in.u8(what);
                if (b != 0 && b != 1) {
                    throw in.error("metadata " + key + ": bool must be 0 or 1, found " + b);
                }
                yield b == 1;
            }
            case STRING -> in.string(what);
            case ARRAY -> readArray(in, key, depth);
        };
    }

    private static GgufArray readArray(HeaderCursor in, String key, int depth) {
        if (depth >= MAX_ARRAY_NESTING) {
            throw in.error("metadata " + key + ": arrays nested deeper than " + MAX_ARRAY_NESTING);
        }
        int typeId = in.u32("element type of " + key);
        GgufValueType et = GgufValueType.byId(Integer.toUnsignedLong(typeId));
        if (et == null) {
            throw in.error("metadata " + key + ": unknown array element type " + Integer.toUnsignedString(typeId));
        }
        long n = in.count("element count of " + key, et.minBytes());
        long max = et == GgufValueType.STRING || et == GgufValueType.ARRAY ? MAX_OBJECT_ARRAY : MAX_NUMBER_ARRAY;
        if (n > max) {
            throw in.error("metadata " + key + ": absurd array of " + n + " elements (at most " + max + " supported)");
        }
        int len = (int) n;
        String what = "element of " + key;
        Object values = switch (et) {
            case UINT8, INT8 -> {
                byte[] a = new byte[len];
                for (int i = 0; i < len; i++) a[i] = in.u8(what);
                yield a;
            }
            case UINT16, INT16 -> {
                short[] a = new short[len];
                for (int i = 0; i < len; i++) a[i] = in.u16(what);
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[len];
                for (int i = 0; i < len; i++) a[i] = in.u32(what);
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[len];
                for (int i = 0; i < len; i++) a[i] = in.u64(what);
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[len];
                for (int i = 0; i < len; i++) a[i] = in.f32(what);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[len];
                for (int i = 0; i < len; i++) a[i] = in.f64(what);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[len];
                for (int i = 0; i < len; i++) a[i] = (Boolean) readValue(in, GgufValueType.BOOL, key, depth);
                yield a;
            }
            case STRING -> {
                String[] a = new String[len];
                for (int i = 0; i < len; i++) a[i] = in.string(what);
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[len];
                for (int i = 0; i < len; i++) a[i] = readArray(in, key, depth + 1);
                yield a;
            }
        };
        return new GgufArray(et, values);
    }
}
