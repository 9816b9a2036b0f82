package dev.memescalate.store;

/**
 * The start of every stored block ({@link AttemptBlockCodec}, {@link OutcomeBlockCodec}): its format number, how many
 * tasks it holds, its string table ({@link StringTable}) and its index column ({@link BlockBytes.Out#indices}). The
 * columns that follow are the codec's own.
 *
 * @param rest the block read up to the end of the index column
 */
record BlockHeader(BlockBytes.In rest, String[] strings, int[] indices) {
    static void write(BlockBytes.Out out, int format, StringTable strings, int[] indices) {
        out.varint(format);
        out.varint(indices.length);
        strings.writeTo(out);
        out.indices(indices);
    }

    /**
     * @param kind what the block holds, for the message of a block written in another format
     * @throws StoreException when the block is of another format or cut short
     */
    static BlockHeader read(byte[] data, int format, String kind) {
        BlockBytes.In in = new BlockBytes.In(data);
        long written = in.varint();
        if (written != format) {
            throw BlockBytes.In.corrupt(kind + " block format " + written + ", this version reads " + format);
        }
        int n = in.varintInt();
        String[] strings = StringTable.read(in);
        return new BlockHeader(in, strings, in.indices(n));
    }
}
