package io.tickertape.digest.charts;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small PNG encoder for opaque {@code TYPE_INT_RGB} charts, writing 8-bit palette images. A chart has a few
 * hundred to a thousand colours, almost all of them anti-aliasing fringes: the 255 most frequent colours cover
 * over 99% of the pixels, and the rest are mapped to their nearest palette colour. The result is about a third of
 * the size of a truecolour PNG (50 charts travel in every digest) and looks the same. It exists because ImageIO's
 * writer reads pixels one sample at a time (half of each chart's time) and cannot build a palette.
 */
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static final int PALETTE = 256;

    private PngEncoder() {
    }

    public static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("only TYPE_INT_RGB images are supported");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();

        int[] palette = palette(pixels);
        Map<Integer, Integer> index = indexOf(pixels, palette);

        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 3).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit palette, no interlace
        chunk(out, "IHDR", ihdr.array(), 13);
        byte[] plte = new byte[palette.length * 3];
        for (int i = 0; i < palette.length; i++) {
            plte[i * 3] = (byte) (palette[i] >> 16);
            plte[i * 3 + 1] = (byte) (palette[i] >> 8);
            plte[i * 3 + 2] = (byte) palette[i];
        }
        chunk(out, "PLTE", plte, plte.length);

        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            byte[] row = new byte[width + 1]; // filter type 0 (None): the recommended filter for palette images
            byte[] buffer = new byte[32 * 1024];
            ByteArrayOutputStream idat = new ByteArrayOutputStream(16 * 1024);
            int last = -1;
            byte lastIndex = 0;
            for (int y = 0; y < height; y++) {
                int base = y * width;
                for (int x = 0; x < width; x++) {
                    int p = pixels[base + x] & 0xFFFFFF;
                    if (p != last) { // runs of one colour are the common case: look up only at changes
                        last = p;
                        lastIndex = (byte) (int) index.get(p);
                    }
                    row[x + 1] = lastIndex;
                }
                deflater.setInput(row, 0, row.length);
                while (!deflater.needsInput()) {
                    idat.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
            chunk(out, "IDAT", idat.toByteArray(), idat.size());
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /** The (at most 256) most frequent colours, most frequent first. */
    static int[] palette(int[] pixels) {
        Map<Integer, int[]> counts = new HashMap<>();
        int last = -1;
        int[] lastCount = null;
        for (int raw : pixels) {
            int p = raw & 0xFFFFFF;
            if (p != last) {
                last = p;
                lastCount = counts.computeIfAbsent(p, k -> new int[1]);
            }
            lastCount[0]++;
        }
        List<Map.Entry<Integer, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        int n = Math.min(PALETTE, entries.size());
        int[] palette = new int[n];
        for (int i = 0; i < n; i++) {
            palette[i] = entries.get(i).getKey();
        }
        return palette;
    }

    /** Palette index of every colour in the image: its own entry, or the nearest one (squared RGB distance). */
    private static Map<Integer, Integer> indexOf(int[] pixels, int[] palette) {
        Map<Integer, Integer> index = new HashMap<>(palette.length * 4);
        for (int i = 0; i < palette.length; i++) {
            index.put(palette[i], i);
        }
        int last = -1;
        for (int raw : pixels) {
            int p = raw & 0xFFFFFF;
            if (p == last) {
                continue;
            }
            last = p;
            index.computeIfAbsent(p, colour -> nearest(colour, palette));
        }
        return index;
    }

    private static int nearest(int colour, int[] palette) {
        int r = (colour >> 16) & 0xFF;
        int g = (colour >> 8) & 0xFF;
        int b = colour & 0xFF;
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = r - ((palette[i] >> 16) & 0xFF);
            int dg = g - ((palette[i] >> 8) & 0xFF);
            int db = b - (palette[i] & 0xFF);
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
        out.writeBytes(typeBytes);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
