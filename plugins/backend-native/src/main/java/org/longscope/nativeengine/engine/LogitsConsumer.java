package org.longscope.nativeengine.engine;

import java.lang.foreign.MemorySegment;

/** Receives the logits of one token during a forward pass. */
@FunctionalInterface
public interface LogitsConsumer {
    /**
     * @param index   index of the token in the sequence passed to the forward call
     * @param logits  vocabulary-sized floats at byte {@code offset}; a scratch buffer, valid only
     *                during the call and free to overwrite
     */
    void accept(int index, MemorySegment logits, long offset);
}
