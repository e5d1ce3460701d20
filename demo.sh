#!/usr/bin/env bash
# The main job: a local, embedded demo (see README.md). Options: --rate=N --partitions=N --pods=N
# --strategy=pause-resume|offset-sync|connect (C, the default, B, or E: Kafka Connect sink
# connectors, where --partitions and --pods do not apply)
# --phase-seconds=N --out=DIR. The report and every process's log land in demo-out/.
set -euo pipefail
cd "$(dirname "$0")"
# No container images for the demo (-Djib.skip): it runs the modules as local JVMs.
./mvnw -B -q -DskipTests -Dspotless.apply.skip=true -Djib.skip=true package
exec java -Xmx512m -cp "tests/integration/target/classes:$(cat tests/integration/target/demo.classpath)" \
  io.kafkabluegreen.tests.demo.Demo "$@"
