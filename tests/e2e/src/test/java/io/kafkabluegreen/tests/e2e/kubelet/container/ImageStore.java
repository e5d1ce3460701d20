package io.kafkabluegreen.tests.e2e.kubelet.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Root filesystems of images, unpacked once per image: a {@code docker save}-style tarball (what
 * Jib's {@code jibBuildTar} writes: {@code manifest.json}, the config blob, the layers, gzipped or
 * not) becomes {@code <store>/<image id>/rootfs}, its layers applied in manifest order with OCI
 * whiteouts ({@code .wh.<name>} deletes a lower layer's file, {@code .wh..wh..opq} empties a lower
 * layer's directory). The image id is the sha256 of the config blob, which names the layers'
 * content ({@code rootfs.diff_ids}), so a rebuilt image is unpacked again and an unchanged one
 * never is.
 *
 * <p>GNU {@code tar} does the extraction (owners, modes, links and devices kept, as root). It
 * follows symlinks in a member's parent directories, which for an absolute link ({@code /var/run ->
 * /run}) would mean this machine's {@code /run}: a member below such a link (or a relative one
 * leading out of the root filesystem) is refused before extraction. Within one layer a link made
 * and then written through is not checked; the images are this repository's own.
 */
public final class ImageStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final int KEEP = 4;
  private static ImageStore shared;

  private final Path root;
  private final Map<String, Image> loaded = new ConcurrentHashMap<>();

  /** An unpacked image: its root filesystem (never written to) and its configuration. */
  public record Image(String id, Path rootfs, ImageConfig config) {}

  public ImageStore(Path root) {
    this.root = root;
  }

  /**
   * The store under {@code kbg.e2e.imageStore}, by default {@code
   * ~/.cache/kafka-bluegreen/image-store}: it outlives the test JVM, so a second run starts at
   * once.
   */
  public static synchronized ImageStore shared() {
    if (shared == null) {
      String dir =
          System.getProperty(
              "kbg.e2e.imageStore",
              Path.of(System.getProperty("user.home"), ".cache", "kafka-bluegreen", "image-store")
                  .toString());
      shared = new ImageStore(Path.of(dir));
    }
    return shared;
  }

  /** The image in {@code tarball}, unpacked now unless this store already holds it. */
  public synchronized Image load(Path tarball) {
    try {
      String seen = tarball.toRealPath() + "@" + Files.getLastModifiedTime(tarball).toMillis();
      Image cached = loaded.get(seen);
      if (cached != null) {
        return cached;
      }
      JsonNode manifest = JSON.readTree(Tar.read(tarball, "manifest.json")).get(0);
      byte[] configBlob = Tar.read(tarball, manifest.get("Config").asText());
      String id = sha256(configBlob);
      Path dir = root.resolve(id);
      if (!Files.exists(dir.resolve("rootfs"))) {
        unpack(tarball, manifest, dir);
        prune(dir);
      }
      Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
      Image image = new Image(id, dir.resolve("rootfs"), ImageConfig.parse(configBlob));
      loaded.put(seen, image);
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load image " + tarball, e);
    }
  }

  /**
   * Keeps the {@link #KEEP} images loaded last (a test image changes with the test classes, and
   * each unpacked JRE image is some 400 MB); {@code keep} is never removed.
   */
  private void prune(Path keep) throws IOException {
    List<Path> images;
    try (var dirs = Files.list(root)) {
      images =
          dirs.filter(d -> !d.getFileName().toString().contains("."))
              .filter(d -> !d.equals(keep))
              .sorted(Comparator.comparing(ImageStore::modified).reversed())
              .toList();
    }
    for (Path old : images.subList(Math.min(KEEP - 1, images.size()), images.size())) {
      Tar.deleteRecursively(old);
      loaded.values().removeIf(image -> image.rootfs().startsWith(old));
    }
  }

  private static FileTime modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Unpacks into a scratch directory renamed into place at the end: no half-unpacked image. */
  private void unpack(Path tarball, JsonNode manifest, Path dir) throws IOException {
    Files.createDirectories(root);
    Path scratch = Files.createTempDirectory(root, dir.getFileName() + ".unpacking-");
    try {
      List<String> layers = new ArrayList<>();
      manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
      Path blobs = scratch.resolve("blobs");
      Files.createDirectories(blobs);
      Tar.extract(tarball, blobs, layers);
      Path rootfs = scratch.resolve("rootfs");
      Files.createDirectories(rootfs);
      for (String layer : layers) {
        applyLayer(blobs.resolve(layer), rootfs);
      }
      Tar.deleteRecursively(blobs);
      Files.move(scratch, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(scratch)) {
        Tar.deleteRecursively(scratch);
      }
    }
  }

  /**
   * Applies one layer: its whiteouts remove what lower layers put there, then its members are
   * extracted (whiteout markers excluded), so a file the layer itself adds under an opaque
   * directory survives.
   */
  static void applyLayer(Path layer, Path rootfs) throws IOException {
    Path realRoot = rootfs.toRealPath();
    for (String member : Tar.list(layer)) {
      String path = normalize(member);
      if (path.isEmpty()) {
        continue;
      }
      Path target = realRoot.resolve(path).normalize();
      if (!target.startsWith(realRoot) || escapesThroughSymlink(realRoot, target.getParent())) {
        throw new IOException("layer " + layer + ": member " + member + " escapes the rootfs");
      }
      String name = target.getFileName().toString();
      if (name.equals(OPAQUE)) {
        emptyDirectory(target.getParent());
      } else if (name.startsWith(WHITEOUT)) {
        Tar.deleteRecursively(target.resolveSibling(name.substring(WHITEOUT.length())));
      }
    }
    Tar.extractLayer(layer, rootfs, WHITEOUT + "*");
  }

  private static boolean escapesThroughSymlink(Path root, Path dir) throws IOException {
    for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        Path link = Files.readSymbolicLink(p);
        if (link.isAbsolute() || !p.getParent().resolve(link).normalize().startsWith(root)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void emptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        Tar.deleteRecursively(child);
      }
    }
  }

  private static String normalize(String member) {
    String path = member;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.startsWith("./") ? 2 : 1);
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.equals(".") ? "" : path;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
