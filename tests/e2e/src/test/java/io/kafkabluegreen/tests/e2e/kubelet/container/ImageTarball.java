package io.kafkabluegreen.tests.e2e.kubelet.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a {@code docker save}-style image tarball, as Jib and skopeo do: for the tests' own images
 * (a base image's layers plus one of test classes) and the {@link ImageStore}'s cases.
 */
public final class ImageTarball {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final List<String> layers = new ArrayList<>();
  private ObjectNode config = JSON.createObjectNode();

  private ImageTarball(Path work) {
    this.work = work;
  }

  /** An empty image assembled in {@code work} (a scratch directory). */
  public static ImageTarball in(Path work) {
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ImageTarball(work);
  }

  /** Starts from {@code base}'s layers and configuration (a docker-archive tarball). */
  public ImageTarball from(Path base) {
    try {
      JsonNode manifest = JSON.readTree(Tar.read(base, "manifest.json")).get(0);
      config = (ObjectNode) JSON.readTree(Tar.read(base, manifest.get("Config").asText()));
      List<String> names = new ArrayList<>();
      manifest.get("Layers").forEach(l -> names.add(l.asText()));
      Path dir = Files.createDirectories(work.resolve("base"));
      Tar.extract(base, dir, names);
      names.forEach(name -> layers.add(work.relativize(dir.resolve(name)).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Adds {@code dir}'s content as the next layer, gzipped when {@code gzip}. */
  public ImageTarball layer(Path dir, boolean gzip) {
    String name = "layer-" + layers.size() + (gzip ? ".tar.gz" : ".tar");
    try {
      Tar.create(dir, work.resolve(name), gzip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    layers.add(name);
    return this;
  }

  /** Sets {@code config.<key>} (e.g. {@code Entrypoint}, {@code User}, {@code Env}). */
  public ImageTarball set(String key, Object value) {
    config.with("config").set(key, JSON.valueToTree(value));
    return this;
  }

  private static String sha256(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the tarball to {@code file}: manifest.json, config.json, the layers in order. */
  public Path write(Path file) {
    try {
      // the layers' digests make the config (and so the image id) change with their content, as
      // rootfs.diff_ids does (those are of the uncompressed layers; any digest serves here)
      ArrayNode diffIds = config.with("rootfs").putArray("diff_ids");
      for (String layer : layers) {
        diffIds.add("sha256:" + sha256(work.resolve(layer)));
      }
      Files.write(work.resolve("config.json"), JSON.writeValueAsBytes(config));
      ObjectNode entry = JSON.createObjectNode();
      entry.put("Config", "config.json");
      entry.putArray("RepoTags").add("kafka-bluegreen/test:latest");
      ArrayNode layerList = entry.putArray("Layers");
      layers.forEach(layerList::add);
      Files.write(work.resolve("manifest.json"), JSON.writeValueAsBytes(List.of(entry)));
      List<String> members = new ArrayList<>(List.of("manifest.json", "config.json"));
      members.addAll(layers);
      Tar.pack(work, file, members);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
