package io.kafkabluegreen.tests.e2e.kubelet.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

  @TempDir Path tmp;

  @Test
  void when_twoLayersWriteOneFile_then_theLaterInManifestOrderWins() throws IOException {
    Path lower = dir("lower", Map.of("etc/motd", "one"));
    Path upper = dir("upper", Map.of("etc/motd", "two"));

    Path forward = image("forward", List.of(lower, upper));
    Path backward = image("backward", List.of(upper, lower));

    ImageStore store = new ImageStore(tmp.resolve("store"));
    assertThat(store.load(forward).rootfs().resolve("etc/motd")).hasContent("two");
    assertThat(store.load(backward).rootfs().resolve("etc/motd")).hasContent("one");
  }

  @Test
  void when_aLayerHasAWhiteout_then_theLowerFileIsGone_andNoMarkerRemains() throws IOException {
    Path lower = dir("lower", Map.of("app/keep", "k", "app/old.jar", "x", "app/olddir/f", "y"));
    Path upper = dir("upper", Map.of("app/.wh.old.jar", "", "app/.wh.olddir", ""));

    Path rootfs =
        new ImageStore(tmp.resolve("store")).load(image("img", List.of(lower, upper))).rootfs();

    assertThat(rootfs.resolve("app/keep")).hasContent("k");
    assertThat(rootfs.resolve("app/old.jar")).doesNotExist();
    assertThat(rootfs.resolve("app/olddir")).doesNotExist();
    assertThat(rootfs.resolve("app/.wh.old.jar")).doesNotExist();
  }

  @Test
  void when_aLayerMarksADirectoryOpaque_then_onlyItsOwnEntriesStay() throws IOException {
    Path lower = dir("lower", Map.of("data/a", "a", "data/b", "b", "other/c", "c"));
    Path upper = dir("upper", Map.of("data/.wh..wh..opq", "", "data/z", "z"));

    Path rootfs =
        new ImageStore(tmp.resolve("store")).load(image("img", List.of(lower, upper))).rootfs();

    try (var entries = Files.list(rootfs.resolve("data"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("z");
    }
    assertThat(rootfs.resolve("other/c")).hasContent("c");
  }

  @Test
  void when_theSameImageIsLoadedTwice_then_itIsUnpackedOnce() throws IOException {
    Path tarball = image("img", List.of(dir("l", Map.of("f", "1"))));
    ImageStore.Image first = new ImageStore(tmp.resolve("store")).load(tarball);
    Files.writeString(first.rootfs().resolve("marker"), "still here");

    ImageStore.Image second = new ImageStore(tmp.resolve("store")).load(tarball);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.rootfs().resolve("marker")).hasContent("still here");
  }

  @Test
  void when_theImageHasAConfig_then_entrypointUserAndEnvAreRead() throws IOException {
    Path tarball =
        ImageTarball.in(tmp.resolve("work"))
            .layer(dir("l", Map.of("f", "1")), true)
            .set("Entrypoint", List.of("java", "-jar", "/app.jar"))
            .set("Cmd", List.of("--serve"))
            .set("User", "10001:10001")
            .set("Env", List.of("PATH=/usr/bin", "JAVA_HOME=/jre"))
            .set("WorkingDir", "/app")
            .write(tmp.resolve("img.tar"));

    ImageConfig config = new ImageStore(tmp.resolve("store")).load(tarball).config();

    assertThat(config)
        .isEqualTo(
            new ImageConfig(
                List.of("java", "-jar", "/app.jar"),
                List.of("--serve"),
                List.of("PATH=/usr/bin", "JAVA_HOME=/jre"),
                "10001:10001",
                "/app"));
  }

  @Test
  void when_aMemberLiesBelowAnAbsoluteSymlink_then_theImageIsRefused() throws IOException {
    Path escape = tmp.resolve("outside");
    Files.createDirectories(escape);
    Path lower = Files.createDirectories(tmp.resolve("lower/var"));
    Files.createSymbolicLink(lower.resolve("run"), escape);
    Path upper = dir("upper", Map.of("var/run/evil", "x"));

    ImageStore store = new ImageStore(tmp.resolve("store"));
    Path tarball = image("img", List.of(tmp.resolve("lower"), upper));

    assertThatThrownBy(() -> store.load(tarball))
        .rootCause()
        .hasMessageContaining("escapes the rootfs");
    assertThat(escape.resolve("evil")).doesNotExist();
  }

  private Path image(String name, List<Path> layerDirs) {
    ImageTarball tarball = ImageTarball.in(tmp.resolve("work-" + name));
    boolean gzip = false;
    for (Path layer : layerDirs) {
      tarball.layer(layer, gzip);
      gzip = !gzip; // both kinds of layer in every image
    }
    return tarball.set("Cmd", List.of("true")).write(tmp.resolve(name + ".tar"));
  }

  private Path dir(String name, Map<String, String> files) throws IOException {
    Path dir = tmp.resolve(name);
    for (var file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return dir;
  }
}
