#!/usr/bin/env bash
# Builds the binaries of the end-to-end control plane from Go modules:
#   etcd, kube-apiserver, kube-controller-manager, rollouts-controller,
#   kubectl-argo-rollouts (the operator's plugin, which the tests drive Rollouts with)
# plus the Argo Rollouts CRDs (copied from the argo-rollouts module).
#
# Needs only Go (>= the highest `go` line of tools/*/go.mod) and the Go module
# proxy. No Docker, no git checkout of upstream sources.
#
# Output: ${KBG_E2E_BIN:-$HOME/.cache/kafka-bluegreen/e2e-bin}  (printed last).
# Rebuilds only when the stamp (sha256 of this script, the three go.mod and
# go.sum files, and `go version`) changes or a binary is missing.
# Safe to run concurrently: the second caller waits on a flock.
#
# Env knobs: KBG_E2E_BIN (output dir), KBG_E2E_GO_P (go build -p, default 2),
#            KBG_E2E_FORCE=1 (ignore the stamp), GOMODCACHE/GOCACHE as usual.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
TOOLS="$HERE/tools"
BIN="${KBG_E2E_BIN:-$HOME/.cache/kafka-bluegreen/e2e-bin}"
PAR="${KBG_E2E_GO_P:-2}"

export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
# Replace any user GOFLAGS (e.g. -mod=mod) so go.sum is never rewritten.
export GOFLAGS="-mod=readonly -buildvcs=false"

command -v go >/dev/null || { echo "build-bins: go not found on PATH" >&2; exit 1; }
mkdir -p "$BIN"
BIN="$(cd "$BIN" && pwd)"

exec 9>"$BIN/.lock"
if ! flock -n 9; then
  echo "build-bins: another build holds $BIN/.lock, waiting..." >&2
  flock 9
fi

BINARIES=(etcd kube-apiserver kube-controller-manager rollouts-controller kubectl-argo-rollouts)
CRDS=(rollout-crd.yaml experiment-crd.yaml analysis-run-crd.yaml analysis-template-crd.yaml cluster-analysis-template-crd.yaml)

stamp() {
  {
    go version
    sha256sum < "$SELF"   # content only: the same script in another checkout matches
    for m in controlplane etcd rollouts; do
      ( cd "$TOOLS/$m" && sha256sum go.mod go.sum | sed "s|  |  $m/|" )
    done
  } | sha256sum | cut -d' ' -f1
}

WANT="$(stamp)"
up_to_date() {
  [[ "${KBG_E2E_FORCE:-0}" != 1 ]] || return 1
  [[ -f "$BIN/.stamp" && "$(cat "$BIN/.stamp")" == "$WANT" ]] || return 1
  local f
  for f in "${BINARIES[@]}"; do [[ -x "$BIN/$f" ]] || return 1; done
  for f in "${CRDS[@]}"; do [[ -s "$BIN/crds/$f" ]] || return 1; done
}
if up_to_date; then
  echo "build-bins: up to date (stamp $WANT)" >&2
  echo "$BIN"
  exit 0
fi

TIMEFMT=()
if [[ -x /usr/bin/time ]]; then TIMEFMT=(/usr/bin/time -f "    [%e s wall, %U s user, peak RSS %M KB]"); fi
T0=$SECONDS
step() { # step NAME DIR CMD...
  local name=$1 dir=$2; shift 2
  local t=$SECONDS
  echo "build-bins: >>> $name" >&2
  ( cd "$dir" && "${TIMEFMT[@]}" "$@" )
  echo "build-bins: <<< $name took $((SECONDS - t)) s" >&2
}
modver() { ( cd "$TOOLS/$1" && go list -m -f '{{.Version}}' "$2" ); }
origin_hash() { # commit hash the proxy recorded for MOD@VER, if any
  ( cd "$TOOLS/$1" && go mod download -json "$2@$3" 2>/dev/null ) \
    | sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' | head -n1
}

# We hold the lock, so any .tmp.* left here is from a build that was killed.
rm -rf "$BIN"/.tmp.*
OUT="$BIN/.tmp.$$"
mkdir -p "$OUT/crds"
trap 'rm -rf "$OUT"' EXIT

echo "build-bins: $(go version), -p $PAR, output $BIN" >&2
for m in etcd controlplane rollouts; do
  step "download modules ($m)" "$TOOLS/$m" go mod download
done

# etcd: version is a compile-time constant; only GitSHA is link-time.
step "build etcd" "$TOOLS/etcd" \
  go build -p "$PAR" -trimpath \
  -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$(modver etcd go.etcd.io/etcd/server/v3)" \
  -o "$OUT/etcd" go.etcd.io/etcd/server/v3

# kube-apiserver + kube-controller-manager: same -X flags as hack/lib/version.sh,
# otherwise /version reports gitVersion "v0.0.0-master+$Format:%H$".
KV="$(modver controlplane k8s.io/kubernetes)"          # e.g. v1.34.1
KMAJ="${KV#v}"; KMAJ="${KMAJ%%.*}"
KMIN="${KV#v*.}"; KMIN="${KMIN%%.*}"
KLDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  KLDF+=" -X $p.gitVersion=$KV -X $p.gitMajor=$KMAJ -X $p.gitMinor=$KMIN -X $p.gitTreeState=clean"
done
step "build kube-apiserver + kube-controller-manager" "$TOOLS/controlplane" \
  go build -p "$PAR" -trimpath -ldflags "$KLDF" -o "$OUT/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager

# rollouts-controller and kubectl-argo-rollouts: same -X flags as the argo-rollouts
# Makefile, so both report v1.9.1. Separate builds (not one `go build -o DIR/`) so
# each gets its own timing line; the second reuses the first's compiled packages.
AV="$(modver rollouts github.com/argoproj/argo-rollouts)"   # e.g. v1.9.1
AC="$(origin_hash rollouts github.com/argoproj/argo-rollouts "$AV")"
AP=github.com/argoproj/argo-rollouts/utils/version
ALDF="-s -w -X $AP.version=${AV#v} -X $AP.gitTag=$AV -X $AP.gitCommit=${AC:-unknown} -X $AP.gitTreeState=clean"
for cmd in rollouts-controller kubectl-argo-rollouts; do
  step "build $cmd" "$TOOLS/rollouts" \
    go build -p "$PAR" -trimpath -ldflags "$ALDF" \
    -o "$OUT/$cmd" "github.com/argoproj/argo-rollouts/cmd/$cmd"
done

ADIR="$(cd "$TOOLS/rollouts" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-rollouts)"
for f in "${CRDS[@]}"; do cp "$ADIR/manifests/crds/$f" "$OUT/crds/$f"; done
chmod u+w "$OUT/crds"/*   # module cache files are read-only

# Install: replace binaries one by one (mv is atomic), then the stamp.
mkdir -p "$BIN/crds"
for f in "${BINARIES[@]}"; do mv -f "$OUT/$f" "$BIN/$f"; done
for f in "${CRDS[@]}"; do mv -f "$OUT/crds/$f" "$BIN/crds/$f"; done
echo "$WANT" > "$BIN/.stamp"

echo "build-bins: total $((SECONDS - T0)) s" >&2
( cd "$BIN" && ls -l "${BINARIES[@]}" >&2 )
echo "$BIN"
