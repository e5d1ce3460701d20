package io.kafkabluegreen.tests.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams the entries of a tar archive (ustar, with the PAX and GNU long-name records that Jib,
 * mmdebstrap and skopeo write). Reads names, types and sizes; file contents are handed to the
 * visitor as a stream bounded to the entry.
 */
final class TarReader {

  private static final int BLOCK = 512;

  /** One tar entry: its path without a leading {@code ./} or {@code /}. */
  record Entry(String path, char type, long size) {
    boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  interface Visitor {
    /** Called for each entry; {@code content} may be read, or left alone (it is skipped). */
    void visit(Entry entry, InputStream content) throws IOException;
  }

  private TarReader() {}

  static void read(InputStream in, Visitor visitor) throws IOException {
    byte[] header = new byte[BLOCK];
    String longPath = null;
    while (readBlock(in, header) && !isZero(header)) {
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      BoundedStream content = new BoundedStream(in, size);
      if (type == 'x') {
        longPath = paxPath(content.readAllBytes(), longPath);
      } else if (type == 'L') {
        longPath = text(content.readAllBytes(), 0, (int) size);
      } else if (type != 'g') {
        String path = longPath != null ? longPath : headerPath(header);
        visitor.visit(new Entry(normalize(path), type, size), content);
        longPath = null;
      }
      content.skipRest();
      in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
    }
  }

  private static String headerPath(byte[] header) {
    String name = text(header, 0, 100);
    boolean ustar = text(header, 257, 5).equals("ustar");
    String prefix = ustar ? text(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /**
   * The {@code path} record of a PAX extended header ("LEN key=value\n" records, LEN in bytes;
   * values such as xattrs may be binary, so the records are split on bytes).
   */
  private static String paxPath(byte[] records, String fallback) {
    int at = 0;
    while (at < records.length) {
      int space = at;
      while (records[space] != ' ') {
        space++;
      }
      int length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII));
      String key = "path=";
      int valueStart = space + 1 + key.length();
      if (new String(records, space + 1, key.length(), StandardCharsets.UTF_8).equals(key)) {
        return new String(
            records, valueStart, at + length - 1 - valueStart, StandardCharsets.UTF_8);
      }
      at += length;
    }
    return fallback;
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("./") ? 2 : 1);
    }
    return p;
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    return in.readNBytes(block, 0, BLOCK) == BLOCK;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long octal(byte[] header, int offset, int length) {
    String digits = text(header, offset, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }

  private static String text(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The content of one entry: reads stop at its end, closing does not close the archive. */
  private static final class BoundedStream extends FilterInputStream {
    private long left;

    BoundedStream(InputStream in, long size) {
      super(in);
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {}

    void skipRest() throws IOException {
      in.skipNBytes(left);
      left = 0;
    }
  }
}
