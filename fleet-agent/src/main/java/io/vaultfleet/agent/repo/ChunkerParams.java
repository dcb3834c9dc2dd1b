package io.vaultfleet.agent.repo;

/** Chunk size bounds and the gear table seed, as recorded in {@code config}. */
public record ChunkerParams(int minSize, int avgSize, int maxSize, long gearSeed) {
    public static final int DEFAULT_MIN = 256 * 1024;
    public static final int DEFAULT_AVG = 1024 * 1024;
    public static final int DEFAULT_MAX = 4 * 1024 * 1024;

    public ChunkerParams {
        if (Integer.bitCount(avgSize) != 1 || minSize <= 0 || minSize >= avgSize || avgSize >= maxSize) {
            throw new IllegalArgumentException("chunker sizes must satisfy 0 < min < avg < max, avg a power of two");
        }
    }

    public static ChunkerParams withSeed(long seed) {
        return new ChunkerParams(DEFAULT_MIN, DEFAULT_AVG, DEFAULT_MAX, seed);
    }
}
