#!/usr/bin/env bash
# The main job: a local, embedded demo (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -Dspotless.apply.skip=true package
exec java -cp "$(cat tests/integration/target/demo.classpath):tests/integration/target/classes" \
  io.kafkabluegreen.tests.demo.Demo "$@"
