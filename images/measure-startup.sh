#!/usr/bin/env bash
# Measures the start-up of the analysis-provider image inside a container: unpacks the image
# tarball's layers into a root filesystem, writes an OCI spec with `runc spec` and runs it with
# plain `runc run`, then times the first 200 on /readyz (Kafka answers).
#
# The spec is what the chart asks of a pod, within what these machines allow: no
# process.rlimits (setrlimit is refused here), host network (no network namespace, so the
# provider binds its own 127.0.0.x), uid/gid 10001, read-only root, /tmp as a tmpfs, and an
# /etc/hosts naming the container's hostname, as the kubelet writes one for a pod (the
# provider's default identity is InetAddress.getLocalHost().getHostName()).
# The Rollout watcher and leader election are switched off: no Kubernetes API in this run.
# cpu.shares is raised from runc's 1024: on these machines' cgroup v1 a container's cgroup
# competes for CPU as one task against every busy process of the host's root cgroup, so on a
# shared, loaded machine it is starved (measured at load 10-12: 11.5-14 s to /readyz with 1024,
# 3.8-4.8 s with 16384). CPU_SHARES=1024 measures runc's default.
#
# usage (as root): images/measure-startup.sh IMAGE_TAR KAFKA_BOOTSTRAP [ADDRESS]
#   e.g. images/measure-startup.sh analysis-provider/target/jib-image.tar 127.0.0.1:9092 127.0.0.77
set -euo pipefail
IMAGE=$(realpath "$1")
BOOTSTRAP=$2
ADDRESS=${3:-127.0.0.77}
for tool in runc jq curl; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

BUNDLE=$(mktemp -d)
ID="kbg-startup-$$"
cleanup() { runc delete -f "$ID" >/dev/null 2>&1 || true; rm -rf "$BUNDLE"; }
trap cleanup EXIT
elapsed() { echo "$(date +%s.%N) - $1" | bc; }

mkdir "$BUNDLE/rootfs"
t=$(date +%s.%N)
# Layers in the manifest's order; Jib's are gzip, and carry PAX keywords GNU tar does not know.
for layer in $(tar -xOf "$IMAGE" manifest.json | jq -r '.[0].Layers[]'); do
  tar -xOf "$IMAGE" "$layer" | tar -xz --warning=no-unknown-keyword -C "$BUNDLE/rootfs"
done
echo "unpacked in $(elapsed "$t") s: $(du -sb "$BUNDLE/rootfs" | cut -f1) bytes" >&2

printf '127.0.0.1\tlocalhost\n%s\tanalysis-provider\n' "$ADDRESS" >"$BUNDLE/hosts"
(cd "$BUNDLE" && runc spec)
jq --argjson image "$(tar -xOf "$IMAGE" config.json)" \
  --arg bootstrap "$BOOTSTRAP" --arg address "$ADDRESS" --arg hosts "$BUNDLE/hosts" \
  --argjson shares "${CPU_SHARES:-16384}" '
  del(.process.rlimits)
  | .process.terminal = false
  | .process.user = {uid: 10001, gid: 10001}
  | .process.args = $image.config.Entrypoint
  | .process.env = $image.config.Env + [
      "KAFKA_BOOTSTRAP_SERVERS=" + $bootstrap, "PROVIDER_BIND_ADDRESS=" + $address,
      "PROVIDER_WATCH_ENABLED=false", "PROVIDER_LEADER_ELECTION_ENABLED=false"]
  | .hostname = "analysis-provider"
  | .linux.resources.cpu = {shares: $shares}
  | .root.readonly = true
  | .linux.namespaces |= map(select(.type != "network"))
  | .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
                 options: ["nosuid", "nodev", "mode=1777", "size=64m"]},
               {destination: "/etc/hosts", type: "bind", source: $hosts, options: ["rbind", "ro"]}]
  ' "$BUNDLE/config.json" >"$BUNDLE/config.next"
mv "$BUNDLE/config.next" "$BUNDLE/config.json"

t=$(date +%s.%N)
runc run --bundle "$BUNDLE" "$ID" >"$BUNDLE/container.log" 2>&1 &
ready=false
for _ in $(seq 600); do   # at most 30 s
  if curl -fs -o /dev/null "http://$ADDRESS:8080/readyz"; then ready=true; break; fi
  sleep 0.05
done
if $ready; then
  echo "/readyz 200 after $(elapsed "$t") s from runc run; in the container: $(runc exec "$ID" id)" >&2
else
  echo "no /readyz within 30 s; container log:" >&2; cat "$BUNDLE/container.log" >&2
fi
runc kill "$ID" TERM || true
wait || true
$ready
