package dev.tandem.engine.meta;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * Document ids made offline without coordination: UUID version 7 (RFC 9562 section 5.7): 48 bits of Unix time in ms,
 * then 74 random bits. Two machines creating a document at the same millisecond collide with a chance of about
 * 2^-74; ids sort roughly by creation time (handy in logs and in the store's indexes). The text form (36 characters of
 * hex and dashes) is a valid relay document name.
 *
 * <p>Concurrency: thread-safe ({@link SecureRandom} is).
 */
public final class DocIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DocIds() { }

    /** A new id for a document created now. */
    public static String newId(long nowMillis) {
        return newId(nowMillis, RANDOM);
    }

    /** A new id from a given random source (the simulator's, so that a seed replays). */
    public static String newId(long nowMillis, Random random) {
        if (nowMillis < 0 || nowMillis >= (1L << 48)) throw new IllegalArgumentException("time out of UUIDv7 range: " + nowMillis);
        long randA = random.nextInt(1 << 12);
        long randB = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        long msb = (nowMillis << 16) | (0x7L << 12) | randA;
        long lsb = (0x2L << 62) | randB; // variant 10
        return new UUID(msb, lsb).toString();
    }

    /** Whether {@code s} is a UUIDv7 in its text form (ids of documents made elsewhere may be anything valid). */
    public static boolean isUuidV7(String s) {
        if (s == null || s.length() != 36) return false;
        try {
            UUID u = UUID.fromString(s);
            return u.version() == 7 && u.variant() == 2 && u.toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
