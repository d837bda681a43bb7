package io.tickertape.digest.charts;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for opaque {@code TYPE_INT_RGB} images (8-bit truecolour, no alpha). It exists because
 * ImageIO's PNG writer reads pixels one sample at a time and took half of each chart's time; this one reads the
 * int array directly and picks the None/Sub/Up/Paeth filter per row by the usual minimum-sum heuristic.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("only TYPE_INT_RGB images are supported");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int stride = width * 3;

        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB, no interlace
        chunk(out, "IHDR", ihdr.array(), 13);

        Deflater deflater = new Deflater(6);
        try {
            byte[] previous = new byte[stride];
            byte[] current = new byte[stride];
            byte[] sub = new byte[stride + 1];
            byte[] up = new byte[stride + 1];
            byte[] none = new byte[stride + 1];
            byte[] paeth = new byte[stride + 1];
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream idat = new ByteArrayOutputStream(32 * 1024);
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int x = 0, i = 0; x < width; x++) {
                    int p = pixels[row + x];
                    current[i++] = (byte) (p >> 16);
                    current[i++] = (byte) (p >> 8);
                    current[i++] = (byte) p;
                }
                none[0] = 0;
                sub[0] = 1;
                up[0] = 2;
                paeth[0] = 4;
                long costPaeth = 0;
                long costNone = 0;
                long costSub = 0;
                long costUp = 0;
                for (int i = 0; i < stride; i++) {
                    byte c = current[i];
                    byte s = (byte) (c - (i >= 3 ? current[i - 3] : 0));
                    byte u = (byte) (c - previous[i]);
                    int a = i >= 3 ? current[i - 3] & 0xFF : 0;
                    int b = previous[i] & 0xFF;
                    int cc = i >= 3 ? previous[i - 3] & 0xFF : 0;
                    byte pa = (byte) (c - paethPredictor(a, b, cc));
                    paeth[i + 1] = pa;
                    costPaeth += Math.abs((int) pa);
                    none[i + 1] = c;
                    sub[i + 1] = s;
                    up[i + 1] = u;
                    costNone += Math.abs((int) c);
                    costSub += Math.abs((int) s);
                    costUp += Math.abs((int) u);
                }
                byte[] best = none;
                long bestCost = costNone;
                if (costSub < bestCost) {
                    best = sub;
                    bestCost = costSub;
                }
                if (costUp < bestCost) {
                    best = up;
                    bestCost = costUp;
                }
                if (costPaeth < bestCost) {
                    best = paeth;
                }
                deflater.setInput(best, 0, stride + 1);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
                    idat.write(buffer, 0, n);
                }
                byte[] swap = previous;
                previous = current;
                current = swap;
            }
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                idat.write(buffer, 0, n);
            }
            chunk(out, "IDAT", idat.toByteArray(), idat.size());
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static int paethPredictor(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
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
