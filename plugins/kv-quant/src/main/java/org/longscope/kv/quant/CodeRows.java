package org.longscope.kv.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Growable off-heap byte rows of fixed width: packed codes, or fp16 scale/minimum pairs. */
final class CodeRows implements AutoCloseable {
    private final long rowBytes;
    private Arena arena;
    private MemorySegment data;
    private int capacity;
    private int size;

    CodeRows(long rowBytes) {
        this.rowBytes = rowBytes;
        resize(64);
    }

    int size() {
        return size;
    }

    long bytes() {
        return size * rowBytes;
    }

    MemorySegment data() {
        return data;
    }

    /** Byte offset of a row. */
    long offset(int row) {
        return row * rowBytes;
    }

    /** Adds a zeroed row and returns its index. */
    int add() {
        if (size == capacity) {
            resize(capacity * 2);
        }
        data.asSlice(size * rowBytes, rowBytes).fill((byte) 0);
        return size++;
    }

    private void resize(int rows) {
        Arena next = Arena.ofShared();
        MemorySegment grown = next.allocate(Math.max(1, rows * rowBytes), 64);
        if (data != null) {
            MemorySegment.copy(data, 0, grown, 0, size * rowBytes);
            arena.close();
        }
        arena = next;
        data = grown;
        capacity = rows;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
