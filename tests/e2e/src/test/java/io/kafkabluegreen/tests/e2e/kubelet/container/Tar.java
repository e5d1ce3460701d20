package io.kafkabluegreen.tests.e2e.kubelet.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * GNU {@code tar}, run as a command: it already knows every member type, owner and compression an
 * image layer can have (it detects gzip on reading by itself).
 */
final class Tar {

  private Tar() {}

  /** One member's content. */
  static byte[] read(Path archive, String member) throws IOException {
    return run(List.of("tar", "-xOf", archive.toString(), member));
  }

  /** The member names, in archive order. */
  static List<String> list(Path archive) throws IOException {
    String out = new String(run(List.of("tar", "-tf", archive.toString())), StandardCharsets.UTF_8);
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** Extracts {@code members} of {@code archive} into {@code dir}. */
  static void extract(Path archive, Path dir, List<String> members) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("tar", "-xf", archive.toString(), "-C", dir.toString()));
    command.addAll(members);
    run(command);
  }

  /**
   * Archives {@code dir}'s content (members relative to it), gzipped when {@code gzip}; the same
   * content gives the same bytes (sorted names, fixed times and owners), so an image rebuilt from
   * unchanged classes keeps its id.
   */
  static void create(Path dir, Path archive, boolean gzip) throws IOException {
    run(
        List.of(
            "tar",
            gzip ? "-czf" : "-cf",
            archive.toString(),
            "--sort=name",
            "--mtime=@1",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "-C",
            dir.toString(),
            "."));
  }

  /** Archives the named {@code members} of {@code dir}, in that order. */
  static void pack(Path dir, Path archive, List<String> members) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("tar", "-cf", archive.toString(), "-C", dir.toString()));
    command.addAll(members);
    run(command);
  }

  /** Extracts a layer into a root filesystem keeping numeric owners and modes. */
  static void extractLayer(Path layer, Path rootfs, String exclude) throws IOException {
    run(
        List.of(
            "tar",
            "-xf",
            layer.toString(),
            "-C",
            rootfs.toString(),
            "--numeric-owner",
            "--same-owner",
            "--same-permissions",
            "--exclude=" + exclude));
  }

  /** Deletes a file or a directory tree, never following symlinks. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.delete(p);
      }
    }
  }

  private static byte[] run(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    var stderr = new CompletableFuture<byte[]>();
    Thread drain =
        new Thread(
            () -> {
              try {
                stderr.complete(process.getErrorStream().readAllBytes());
              } catch (IOException e) {
                stderr.complete(new byte[0]);
              }
            });
    drain.start();
    byte[] out = process.getInputStream().readAllBytes();
    try {
      int code = process.waitFor();
      if (code != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited "
                + code
                + ": "
                + new String(stderr.join(), StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
    return out;
  }
}
