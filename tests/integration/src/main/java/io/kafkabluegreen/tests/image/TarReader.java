package io.kafkabluegreen.tests.image;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the entries of a tar archive (ustar, with the PAX and GNU long-name records that Jib,
 * mmdebstrap and skopeo write), through Apache Commons Compress. File contents are handed to the
 * visitor as a stream bounded to the entry.
 */
final class TarReader {

  /** One tar entry: its path without a leading {@code ./} or {@code /}. */
  record Entry(String path, boolean isFile, long size) {}

  interface Visitor {
    /** Called for each entry; {@code content} may be read, or left alone (it is skipped). */
    void visit(Entry entry, InputStream content) throws IOException;
  }

  private TarReader() {}

  static void read(InputStream in, Visitor visitor) throws IOException {
    // not closed here: closing it would close the caller's stream (a layer inside the image tar)
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
      visitor.visit(new Entry(normalize(entry.getName()), entry.isFile(), entry.getSize()), tar);
    }
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("./") ? 2 : 1);
    }
    return p;
  }
}
