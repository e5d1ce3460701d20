package io.kafkabluegreen.tests.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An image tarball in the format of {@code docker save}, which Jib's {@code buildTar} writes and
 * reads as a {@code tar://} base: {@code manifest.json} (an array whose first entry names the
 * {@code Config} file and the {@code Layers} in order), the image config JSON, and one tar per
 * layer, gzip-compressed (Jib) or plain (skopeo's docker-archive). Read in one pass; every layer's
 * entries are listed, and the small files under {@code app/} are kept to be read.
 */
public final class ImageTarball {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEPT_FILE_LIMIT = 64 * 1024;

  /** One layer: its file in the tarball and its entries, with the kept files' bytes. */
  public record Layer(String file, List<String> paths, Map<String, byte[]> keptFiles) {
    public boolean contains(String path) {
      return paths.contains(path);
    }

    /** The content of a small file under {@code app/} in this layer. */
    public Optional<String> text(String path) {
      return Optional.ofNullable(keptFiles.get(path))
          .map(b -> new String(b, StandardCharsets.UTF_8));
    }
  }

  private final JsonNode manifest;
  private final JsonNode config;
  private final List<Layer> layers;

  private ImageTarball(JsonNode manifest, JsonNode config, List<Layer> layers) {
    this.manifest = manifest;
    this.config = config;
    this.layers = layers;
  }

  public static ImageTarball read(Path tarball) throws IOException {
    Map<String, byte[]> jsonFiles = new HashMap<>();
    Map<String, Layer> layersByFile = new HashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)) {
      TarReader.read(
          in,
          (entry, content) -> {
            if (!entry.isFile()) {
              return;
            }
            if (entry.path().endsWith(".json")) {
              jsonFiles.put(entry.path(), content.readAllBytes());
            } else if (entry.path().endsWith(".tar") || entry.path().endsWith(".tar.gz")) {
              layersByFile.put(entry.path(), readLayer(entry.path(), content));
            }
          });
    }
    byte[] manifestBytes = jsonFiles.get("manifest.json");
    if (manifestBytes == null) {
      throw new IOException(tarball + " has no manifest.json: not a docker-save image tarball");
    }
    JsonNode manifest = JSON.readTree(manifestBytes).get(0);
    JsonNode config = JSON.readTree(jsonFiles.get(manifest.get("Config").asText()));
    List<Layer> layers = new ArrayList<>();
    for (JsonNode file : manifest.get("Layers")) {
      Layer layer = layersByFile.get(file.asText());
      if (layer == null) {
        throw new IOException(tarball + " lacks the layer " + file.asText());
      }
      layers.add(layer);
    }
    return new ImageTarball(manifest, config, layers);
  }

  /** The image config: {@code config.User}, {@code config.Entrypoint}, {@code history}... */
  public JsonNode config() {
    return config;
  }

  /** The first of the manifest's {@code RepoTags}, e.g. {@code kafka-bluegreen/x:1.0}. */
  public String repoTag() {
    return manifest.path("RepoTags").path(0).asText();
  }

  /** The layers, base first, in the manifest's order. */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * What built each layer, in the layers' order: the {@code comment} (Jib: "dependencies",
   * "classes"...) or else {@code created_by} of the history entries that made a layer.
   */
  public List<String> layerOrigins() {
    List<String> origins = new ArrayList<>();
    for (JsonNode entry : config.path("history")) {
      if (!entry.path("empty_layer").asBoolean(false)) {
        origins.add(entry.path("comment").asText(entry.path("created_by").asText()));
      }
    }
    return origins;
  }

  private static Layer readLayer(String file, InputStream content) throws IOException {
    InputStream in = new BufferedInputStream(content, 1 << 16);
    in.mark(2);
    int magic = in.read() | (in.read() << 8);
    in.reset();
    InputStream tar = magic == GZIPInputStream.GZIP_MAGIC ? new GZIPInputStream(in, 1 << 16) : in;
    List<String> paths = new ArrayList<>();
    Map<String, byte[]> kept = new HashMap<>();
    TarReader.read(
        tar,
        (entry, entryContent) -> {
          paths.add(entry.path());
          if (entry.isFile()
              && entry.path().startsWith("app/")
              && entry.size() <= KEPT_FILE_LIMIT) {
            kept.put(entry.path(), entryContent.readAllBytes());
          }
        });
    return new Layer(file, List.copyOf(paths), Map.copyOf(kept));
  }
}
