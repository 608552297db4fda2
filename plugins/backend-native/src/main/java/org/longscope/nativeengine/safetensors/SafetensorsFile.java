package org.longscope.nativeengine.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.InvalidInputException;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.model.MappedFiles;
import org.longscope.nativeengine.model.Tensor;

/**
 * A memory-mapped {@code .safetensors} file: an 8-byte little-endian header length, a JSON header
 * of {@code name -> {dtype, shape, data_offsets}}, then the data. Offsets, sizes and overlaps are
 * checked against the file. Closing it unmaps the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Map<String, Tensor> tensors;
    private final Arena arena;

    private SafetensorsFile(Path path, Map<String, Tensor> tensors, Arena arena) {
        this.path = path;
        this.tensors = tensors;
        this.arena = arena;
    }

    public Path path() {
        return path;
    }

    /** Tensors under their names in the file. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            String file = path.toString();
            if (size < 8) {
                throw new InvalidInputException(file, "truncated file: " + size + " bytes, a safetensors file starts with an 8-byte header length");
            }
            MemorySegment mapped = MappedFiles.mapReadOnly(ch, size, arena);
            long headerLen = mapped.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new InvalidInputException(file, "header length " + Long.toUnsignedString(headerLen)
                        + " is not plausible for a file of " + size + " bytes (bad magic or truncated file)");
            }
            JsonNode header;
            try {
                header = JSON.readTree(mapped.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE));
            } catch (IOException e) {
                throw new InvalidInputException(file, "header is not valid JSON: " + e.getMessage(), e);
            }
            if (header == null || !header.isObject()) {
                throw new InvalidInputException(file, "header must be a JSON object");
            }
            long dataStart = 8 + headerLen;
            Map<String, Tensor> tensors = parseTensors(file, header, mapped, dataStart);
            return new SafetensorsFile(path, tensors, arena);
        } catch (IOException e) {
            arena.close();
            throw new InvalidInputException(path.toString(), "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private record Entry(String name, GgmlType type, long[] shape, long begin, long end) {
    }

    private static Map<String, Tensor> parseTensors(String file, JsonNode header, MemorySegment mapped, long dataStart) {
        long dataBytes = mapped.byteSize() - dataStart;
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            String where = file + ": tensor " + name;
            JsonNode t = e.getValue();
            GgmlType type = switch (t.path("dtype").asText()) {
                case "F32" -> GgmlType.F32;
                case "F16" -> GgmlType.F16;
                case "BF16" -> GgmlType.BF16;
                default -> throw new InvalidInputException(where, "unsupported dtype '" + t.path("dtype").asText()
                        + "', expected F32, F16 or BF16");
            };
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (!shapeNode.isArray() || shapeNode.size() > 8 || !offsets.isArray() || offsets.size() != 2) {
                throw new InvalidInputException(where, "expected a shape array and data_offsets [begin, end]");
            }
            long[] shape = new long[shapeNode.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToLong() || d.asLong() < 0) {
                    throw new InvalidInputException(where, "shape[" + i + "] must be a non-negative integer, found " + d);
                }
                shape[i] = d.asLong();
                try {
                    elements = Math.multiplyExact(elements, shape[i]);
                } catch (ArithmeticException ex) {
                    throw new InvalidInputException(where, "element count overflows");
                }
            }
            if (shape.length == 0) {
                shape = new long[] {1};
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong() || begin < 0 || end < begin) {
                throw new InvalidInputException(where, "data_offsets " + offsets + " are not an ordered pair of non-negative integers");
            }
            long expected;
            try {
                expected = Math.multiplyExact(elements, (long) type.blockBytes());
            } catch (ArithmeticException ex) {
                throw new InvalidInputException(where, "byte size overflows");
            }
            if (end - begin != expected) {
                throw new InvalidInputException(where, "data_offsets " + offsets + " span " + (end - begin)
                        + " bytes but shape and dtype need " + expected);
            }
            if (end > dataBytes) {
                throw new InvalidInputException(where, "data_offsets " + offsets + " lie beyond the end of the data ("
                        + dataBytes + " bytes): truncated file or corrupt offset");
            }
            entries.add(new Entry(name, type, shape, begin, end));
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Entry previous = null;
        for (Entry e : entries) {
            if (previous != null && e.begin() < previous.end()) {
                throw new InvalidInputException(file + ": tensor " + e.name(), "data overlaps tensor " + previous.name());
            }
            previous = e;
            tensors.put(e.name(), new Tensor(e.name(), e.type(), e.shape(), mapped.asSlice(dataStart + e.begin(), e.end() - e.begin())));
        }
        return tensors;
    }

    @Override
    public void close() {
        arena.close();
    }
}
