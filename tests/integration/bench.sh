#!/usr/bin/env bash
# Runs one benchmark of tests/integration/src/test/java/io/kafkabluegreen/tests/bench/ in its own
# JVM on the module's test classpath, as Maven resolves it: no hand-built classpath.
#
#   tests/integration/bench.sh LagBenchmark [-Dbench.sizes=1000 ...] [-- program arguments]
#
# -D... and -X... options before "--" go to the benchmark's JVM (the system properties each class
# comment lists); anything after "--" goes to its main method. The reactor is compiled first
# (offline, -o, as ~/.m2 is expected to be filled; KBG_BENCH_MVN_FLAGS replaces the flags, e.g.
# KBG_BENCH_MVN_FLAGS="-B -q" to let Maven download). Maven's own output is kept to errors, so that
# stdout carries the benchmark's figures.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: $0 BenchmarkClass [-Dkey=value ...] [-- args]" >&2
  echo "classes: $(cd "$(dirname "$0")/src/test/java/io/kafkabluegreen/tests/bench" &&
    grep -l 'static void main' ./*.java | sed 's|./||; s|\.java||' | tr '\n' ' ')" >&2
  exit 2
fi
class="$1"
shift
[[ "$class" == *.* ]] || class="io.kafkabluegreen.tests.bench.$class"

jvm=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  jvm+=("$1")
  shift
done
[[ "${1:-}" == "--" ]] && shift

module="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$module/../.." && pwd)"
cd "$root"
# shellcheck disable=SC2086 # the flags are meant to be split
./mvnw ${KBG_BENCH_MVN_FLAGS:--B -q -o} -pl tests/integration -am -Djib.skip=true \
  test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2

cd "$module"
exec java "${jvm[@]}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$class" "$@"
