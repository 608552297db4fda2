package org.longscope.api.spec;

/**
 * The {@code index}-th of {@code count} disjoint slices of a run's plan ({@code 2/3} in a spec or
 * {@code --shard 2/3}): every machine plans the same items and runs only its slice; the slices
 * together are the whole plan, and {@code longscope report} merges their run directories.
 *
 * @param index 1 to {@code count}
 * @param count the number of slices, at least 1
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected K/N with 1 <= K <= N");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
