package io.kafkabluegreen.tests.e2e.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The few files a token-authenticated API server and its clients need: the service-account signing
 * key, the static token file granting {@code system:masters}, and kubeconfigs. No CA is involved:
 * the API server signs its own serving certificate and every client skips TLS verification.
 */
public final class ClusterCredentials {

  private final Path dir;
  private final String token;

  private ClusterCredentials(Path dir, String token) {
    this.dir = dir;
    this.token = token;
  }

  /** Writes {@code sa.key} and {@code tokens.csv} into {@code dir} with a fresh random token. */
  public static ClusterCredentials create(Path dir) {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    ClusterCredentials credentials = new ClusterCredentials(dir, HexFormat.of().formatHex(raw));
    try {
      Files.createDirectories(dir);
      Files.writeString(credentials.serviceAccountKey(), rsaPrivateKeyPem());
      Files.writeString(
          credentials.tokenFile(), credentials.token + ",admin,admin,\"system:masters\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return credentials;
  }

  /** The admin bearer token (a member of {@code system:masters}). Never log it. */
  public String token() {
    return token;
  }

  public Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  public Path tokenFile() {
    return dir.resolve("tokens.csv");
  }

  /** Writes a kubeconfig for {@code server} whose current context uses {@code namespace}. */
  public Path writeKubeconfig(Path file, String server, String namespace) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: e2e
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: %s
        contexts:
        - name: e2e
          context:
            cluster: e2e
            user: admin
            namespace: %s
        current-context: e2e
        """
            .formatted(server, token, namespace);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** An RSA key in PKCS#8 PEM: kube-apiserver signs and verifies service-account tokens with it. */
  private static String rsaPrivateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
