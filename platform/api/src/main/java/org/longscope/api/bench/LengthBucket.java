package org.longscope.api.bench;

/** The standard length buckets of reports, in model tokens (upper bounds inclusive). */
public enum LengthBucket {
    UP_TO_4K("0-4k", 4 * 1024),
    UP_TO_8K("4-8k", 8 * 1024),
    UP_TO_16K("8-16k", 16 * 1024),
    UP_TO_32K("16-32k", 32 * 1024),
    UP_TO_64K("32-64k", 64 * 1024),
    UP_TO_128K("64-128k", 128 * 1024),
    OVER_128K(">128k", Integer.MAX_VALUE);

    private final String label;
    private final int maxTokens;

    LengthBucket(String label, int maxTokens) {
        this.label = label;
        this.maxTokens = maxTokens;
    }

    public String label() {
        return label;
    }

    public static LengthBucket of(int tokens) {
        for (LengthBucket b : values()) {
            if (tokens <= b.maxTokens) {
                return b;
            }
        }
        return OVER_128K;
    }
}
