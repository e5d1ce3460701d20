package io.kafkabluegreen.tests.e2e.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Writing a volume's files the way containers can rely on: atomically, with the spec's mode. */
final class VolumeFiles {

  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  private VolumeFiles() {}

  /**
   * Writes {@code content} to a temporary file beside {@code file} and renames it into place: a
   * container reading the file (a token being refreshed) sees the old or the new content, never a
   * half-written one.
   */
  static void write(Path file, byte[] content, int mode) {
    try {
      Files.createDirectories(file.getParent());
      permit(file.getParent(), 0755);
      Path temp = Files.createTempFile(file.getParent(), ".." + file.getFileName(), ".tmp");
      Files.write(temp, content);
      permit(temp, mode);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the permission bits of {@code path} from an octal mode such as {@code 0644}. */
  static void permit(Path path, int mode) throws IOException {
    Files.setPosixFilePermissions(path, permissions(mode));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(BITS[bit]);
      }
    }
    return set;
  }
}
