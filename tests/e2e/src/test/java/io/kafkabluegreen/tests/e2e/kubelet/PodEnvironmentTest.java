package io.kafkabluegreen.tests.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kafkabluegreen.tests.e2e.kubelet.PodEnvironment.ContainerConfigException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

  private static final Secret SECRET =
      new SecretBuilder()
          .withNewMetadata()
          .withName("provider")
          .endMetadata()
          .addToData("token", Base64.getEncoder().encodeToString("t0k3n".getBytes()))
          .build();
  private static final ConfigMap CONFIG =
      new ConfigMapBuilder()
          .withNewMetadata()
          .withName("settings")
          .endMetadata()
          .addToData("TOPICS", "orders")
          .build();

  private final PodEnvironment environment =
      new PodEnvironment(
          (ns, name) -> name.equals("provider") ? SECRET : null,
          (ns, name) -> name.equals("settings") ? CONFIG : null);

  private final Pod pod =
      new PodBuilder()
          .withNewMetadata()
          .withName("app-6d5f7c9b8-abcde")
          .withNamespace("shop")
          .withUid("uid-1")
          .addToLabels("rollouts-pod-template-hash", "6d5f7c9b8")
          .addToAnnotations("team", "payments")
          .endMetadata()
          .withNewSpec()
          .endSpec()
          .build();

  @Test
  void downwardApiFields_areReadFromThePod() {
    Container c =
        new ContainerBuilder()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("HASH")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['rollouts-pod-template-hash']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("TEAM")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.annotations['team']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .build();

    Map<String, String> env = environment.resolve(pod, c, "127.9.0.11");

    assertThat(env)
        .containsEntry("POD_NAME", "app-6d5f7c9b8-abcde")
        .containsEntry("POD_NAMESPACE", "shop")
        .containsEntry("HASH", "6d5f7c9b8")
        .containsEntry("TEAM", "payments")
        .containsEntry("IP", "127.9.0.11");
  }

  @Test
  void secretAndConfigMapKeys_areResolved_andReferencesToEarlierVariablesExpanded() {
    Container c =
        new ContainerBuilder()
            .addNewEnvFrom()
            .withNewConfigMapRef()
            .withName("settings")
            .endConfigMapRef()
            .endEnvFrom()
            .addNewEnv()
            .withName("TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("provider")
            .withKey("token")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("GREETING")
            .withValue("$(TOPICS)-$(UNKNOWN)-$$(TOPICS)")
            .endEnv()
            .build();

    Map<String, String> env = environment.resolve(pod, c, "127.9.0.11");

    assertThat(env)
        .containsEntry("TOPICS", "orders")
        .containsEntry("TOKEN", "t0k3n")
        .containsEntry("GREETING", "orders-$(UNKNOWN)-$(TOPICS)");
  }

  @Test
  void missingSecret_isAContainerConfigError_unlessOptional() {
    Container required =
        new ContainerBuilder()
            .addNewEnv()
            .withName("TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("absent")
            .withKey("token")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .build();
    Container optional =
        new ContainerBuilder()
            .addNewEnv()
            .withName("TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("absent")
            .withKey("token")
            .withOptional(true)
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .build();

    assertThatThrownBy(() -> environment.resolve(pod, required, "127.9.0.11"))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("absent/token");
    assertThat(environment.resolve(pod, optional, "127.9.0.11")).doesNotContainKey("TOKEN");
  }

  @Test
  void unsupportedFieldPath_isReported() {
    Container c =
        new ContainerBuilder()
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.hostname")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .build();

    assertThatThrownBy(() -> environment.resolve(pod, c, "127.9.0.11"))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("spec.hostname");
  }
}
