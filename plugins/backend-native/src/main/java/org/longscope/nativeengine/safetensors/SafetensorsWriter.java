package org.longscope.nativeengine.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.longscope.nativeengine.model.RowEncoder;
import org.longscope.nativeengine.model.TensorSpec;

/**
 * Writes a {@code .safetensors} file (F32, F16 or BF16 tensors) streaming rows from {@link TensorSpec}s;
 * the header is padded with spaces to a multiple of 8 bytes as the reference implementation does.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** Writes tensors under the names in their specs. */
    public static void write(Path file, List<TensorSpec> tensors) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (TensorSpec t : tensors) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", switch (t.type()) {
                case F32 -> "F32";
                case F16 -> "F16";
                case BF16 -> "BF16";
                default -> throw new IllegalArgumentException("safetensors stores F32, F16 or BF16, not " + t.type());
            });
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ArrayNode offsets = e.putArray("data_offsets");
            offsets.add(offset);
            offset += t.bytes();
            offsets.add(offset);
        }
        byte[] headerBytes;
        try {
            headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(headerBytes);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            head.flip();
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorSpec t : tensors) {
                float[] row = new float[Math.toIntExact(t.columns())];
                int rowBytes = (int) t.type().bytesFor(row.length);
                for (long r = 0; r < t.rowCount(); r++) {
                    t.rows().row(r, row);
                    if (buf.remaining() < rowBytes) {
                        buf.flip();
                        writeFully(ch, buf);
                        buf.clear();
                    }
                    RowEncoder.encode(t.type(), row, buf);
                }
            }
            buf.flip();
            writeFully(ch, buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
