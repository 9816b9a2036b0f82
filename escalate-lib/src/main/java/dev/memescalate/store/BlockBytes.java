package dev.memescalate.store;

import java.util.Arrays;

/**
 * The byte-level pieces of the stored blocks ({@link AttemptBlockCodec}, {@link OutcomeBlockCodec}): unsigned
 * varints (7 bits a byte, low bits first, the high bit set on every byte but the last, as protobuf writes them),
 * zigzag for signed values (0, -1, 1, -2, ... as 0, 1, 2, 3, ...: small either way) and strings.
 *
 * <p>A string is its length in UTF-16 units (a varint), then each unit in one to three bytes as Java's modified
 * UTF-8 writes it (U+0001..U+007F in one byte, U+0000 and U+0080..U+07FF in two, the rest in three; a surrogate on
 * its own, paired or not): any Java string comes back identical, a lone surrogate or a NUL included, which standard
 * UTF-8 cannot promise. No length limit (unlike {@code DataOutput.writeUTF}).
 */
final class BlockBytes {
    private BlockBytes() {}

    /** A growing byte array written front to back. */
    static final class Out {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void string(String text) {
            int length = text.length();
            varint(length);
            ensure(3L * length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    bytes[size++] = (byte) c;
                } else if (c <= 0x07FF) {
                    bytes[size++] = (byte) (0xC0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    bytes[size++] = (byte) (0xE0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        /** An index column (see {@link In#indices}): strictly ascending, non-negative indices. */
        void indices(int[] indices) {
            int previous = 0;
            for (int i = 0; i < indices.length; i++) {
                varint(i == 0 ? indices[i] : indices[i] - previous);
                previous = indices[i];
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(long more) {
            if (size + more > bytes.length) {
                long wanted = Math.max(bytes.length * 2L, size + more);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new StoreException("a stored block would exceed 2 GB");
                }
                bytes = Arrays.copyOf(bytes, (int) wanted);
            }
        }
    }

    /** Reads what {@link Out} wrote; a block that ends early or holds a bad value is corrupt. */
    static final class In {
        private final byte[] bytes;
        private int at;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw corrupt("a varint longer than 10 bytes");
        }

        int varintInt() {
            long value = varint();
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw corrupt("a count or reference out of range: " + value);
            }
            return (int) value;
        }

        long zigzag() {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        int zigzagInt() {
            long value = zigzag();
            if (value != (int) value) {
                throw corrupt("an int out of range: " + value);
            }
            return (int) value;
        }

        String string() {
            int length = varintInt();
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                int b = next() & 0xFF;
                if (b < 0x80) {
                    chars[i] = (char) b;
                } else if ((b & 0xE0) == 0xC0) {
                    chars[i] = (char) (((b & 0x1F) << 6) | (next() & 0x3F));
                } else {
                    chars[i] = (char) (((b & 0x0F) << 12) | ((next() & 0x3F) << 6) | (next() & 0x3F));
                }
            }
            return new String(chars);
        }

        /** An index column of {@code n} values: the first as it is, then differences of at least 1. */
        int[] indices(int n) {
            int[] indices = new int[n];
            long previous = 0;
            for (int i = 0; i < n; i++) {
                long value = varint();
                long index = i == 0 ? value : previous + value;
                if (value < (i == 0 ? 0 : 1) || index > Integer.MAX_VALUE) {
                    throw corrupt("task index " + index + " after " + previous);
                }
                indices[i] = (int) index;
                previous = index;
            }
            return indices;
        }

        boolean atEnd() {
            return at == bytes.length;
        }

        private byte next() {
            if (at >= bytes.length) {
                throw corrupt("it ends early");
            }
            return bytes[at++];
        }

        static StoreException corrupt(String what) {
            return new StoreException("corrupt block of attempts or outcomes in the store (" + what + ")");
        }
    }
}
