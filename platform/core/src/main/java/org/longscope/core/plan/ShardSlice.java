package org.longscope.core.plan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.longscope.api.spec.Shard;

/**
 * Which shard runs a work item: the first 8 bytes of the SHA-256 of its key, modulo the shard
 * count. It depends on the key alone, so the slices are disjoint, cover the plan, and stay the
 * same on every machine and JVM whatever the order items are planned in.
 */
public final class ShardSlice {
    private ShardSlice() {
    }

    public static boolean owns(Shard shard, String workItemKey) {
        return slice(workItemKey, shard.count()) == shard.index();
    }

    /** The 1-based slice of a key among {@code count}. */
    public static int slice(String workItemKey, int count) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(workItemKey.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
