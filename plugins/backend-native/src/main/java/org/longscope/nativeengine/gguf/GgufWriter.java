package org.longscope.nativeengine.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.nativeengine.model.RowEncoder;
import org.longscope.nativeengine.model.TensorSpec;

/**
 * Writes GGUF v3 files: typed metadata, tensor infos and tensor data aligned to {@code general.alignment}.
 * Tensors are streamed row by row from their {@link TensorSpec}s and encoded (quantized) on the way.
 */
public final class GgufWriter {
    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<TensorSpec> tensors = new ArrayList<>();
    private long alignment = GgufReader.DEFAULT_ALIGNMENT;

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(key, value);
        if (key.equals("general.alignment")) {
            Long a = value.asLong();
            if (a == null || a <= 0 || Long.bitCount(a) != 1) {
                throw new IllegalArgumentException("general.alignment must be a power-of-two integer, found " + value.value());
            }
            alignment = a;
        }
        return this;
    }

    public GgufWriter put(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValue.uint32((int) value));
    }

    public GgufWriter putFloat32(String key, double value) {
        return put(key, GgufValue.float32((float) value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.bool(value));
    }

    public GgufWriter add(TensorSpec tensor) {
        tensors.add(tensor);
        return this;
    }

    public void write(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(ch);
            out.u32(GgufReader.MAGIC);
            out.u32(3);
            out.u64(tensors.size());
            out.u64(metadata.size());
            for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
                out.string(e.getKey());
                out.u32(e.getValue().type().id());
                writeValue(out, e.getValue().type(), e.getValue().value());
            }
            long offset = 0;
            for (TensorSpec t : tensors) {
                out.string(t.name());
                long[] shape = t.shape();
                out.u32(shape.length);
                for (int d = shape.length - 1; d >= 0; d--) {
                    out.u64(shape[d]); // innermost first
                }
                out.u32(t.type().id());
                out.u64(offset);
                offset = GgufReader.alignUp(offset + t.bytes(), alignment);
            }
            out.padTo(alignment);
            for (TensorSpec t : tensors) {
                float[] row = new float[Math.toIntExact(t.columns())];
                for (long r = 0; r < t.rowCount(); r++) {
                    t.rows().row(r, row);
                    out.ensure((int) t.type().bytesFor(row.length));
                    RowEncoder.encode(t.type(), row, out.buf);
                }
                out.padTo(alignment);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static void writeValue(Out out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.u8((Byte) v);
            case UINT16, INT16 -> out.u16((Short) v);
            case UINT32, INT32 -> out.u32((Integer) v);
            case UINT64, INT64 -> out.u64((Long) v);
            case FLOAT32 -> out.f32((Float) v);
            case FLOAT64 -> out.f64((Double) v);
            case BOOL -> out.u8((byte) ((Boolean) v ? 1 : 0));
            case STRING -> out.string((String) v);
            case ARRAY -> writeArray(out, (GgufArray) v);
        }
    }

    private static void writeArray(Out out, GgufArray a) throws IOException {
        out.u32(a.elementType().id());
        int n = a.length();
        out.u64(n);
        Object values = a.values();
        for (int i = 0; i < n; i++) {
            Object v = switch (a.elementType()) {
                case UINT8, INT8 -> ((byte[]) values)[i];
                case UINT16, INT16 -> ((short[]) values)[i];
                case UINT32, INT32 -> ((int[]) values)[i];
                case UINT64, INT64 -> ((long[]) values)[i];
                case FLOAT32 -> ((float[]) values)[i];
                case FLOAT64 -> ((double[]) values)[i];
                case BOOL -> ((boolean[]) values)[i];
                case STRING -> ((String[]) values)[i];
                case ARRAY -> ((GgufArray[]) values)[i];
            };
            writeValue(out, a.elementType(), v);
        }
    }

    /** A little-endian buffered channel writer that counts the bytes written. */
    private static final class Out {
        final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        final FileChannel ch;
        long written;

        Out(FileChannel ch) {
            this.ch = ch;
        }

        void ensure(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
            if (buf.remaining() < n) {
                throw new IOException("row of " + n + " bytes exceeds the write buffer");
            }
        }

        void flush() throws IOException {
            buf.flip();
            written += buf.remaining();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        long position() {
            return written + buf.position();
        }

        void padTo(long alignment) throws IOException {
            long pad = GgufReader.alignUp(position(), alignment) - position();
            for (long i = 0; i < pad; i++) {
                u8((byte) 0);
            }
        }

        void u8(byte v) throws IOException {
            ensure(1);
            buf.put(v);
        }

        void u16(short v) throws IOException {
            ensure(2);
            buf.putShort(v);
        }

        void u32(int v) throws IOException {
            ensure(4);
            buf.putInt(v);
        }

        void u64(long v) throws IOException {
            ensure(8);
            buf.putLong(v);
        }

        void f32(float v) throws IOException {
            ensure(4);
            buf.putFloat(v);
        }

        void f64(double v) throws IOException {
            ensure(8);
            buf.putDouble(v);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            for (int off = 0; off < b.length; ) {
                ensure(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }
    }
}
