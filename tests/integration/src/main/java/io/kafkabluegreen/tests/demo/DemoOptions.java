package io.kafkabluegreen.tests.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's knobs, from {@code --key=value} arguments.
 *
 * @param rate records per second produced throughout
 * @param partitions partitions of the source topic
 * @param podsPerColor consumer-app processes per color
 * @param phase how long each phase (blue, green, blue again) runs under load
 * @param outDir where the report and the processes' logs go
 * @param strategy {@code pause-resume} (C, the default), {@code offset-sync} (B) or {@code connect}
 *     (E: Kafka Connect sink connectors, fixed at 3 partitions and one Connect worker per color)
 */
public record DemoOptions(
    int rate, int partitions, int podsPerColor, Duration phase, Path outDir, String strategy) {

  public static final java.util.List<String> STRATEGIES =
      java.util.List.of("pause-resume", "offset-sync", "connect");

  public static DemoOptions parse(String[] args) {
    int rate = 2000;
    int partitions = 6;
    int pods = 2;
    long phaseSeconds = 6;
    Path out = Path.of("demo-out");
    String strategy = "pause-resume";
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      String value = kv.length > 1 ? kv[1] : "";
      switch (kv[0]) {
        case "rate" -> rate = Integer.parseInt(value);
        case "partitions" -> partitions = Integer.parseInt(value);
        case "pods" -> pods = Integer.parseInt(value);
        case "phase-seconds" -> phaseSeconds = Long.parseLong(value);
        case "out" -> out = Path.of(value);
        case "strategy" -> {
          if (!STRATEGIES.contains(value)) {
            throw new IllegalArgumentException(
                "--strategy must be one of " + STRATEGIES + ", got '" + value + "'");
          }
          strategy = value;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + arg
                    + "; known: --rate=N --partitions=N --pods=N --phase-seconds=N --out=DIR"
                    + " --strategy=pause-resume|offset-sync|connect");
      }
    }
    return new DemoOptions(rate, partitions, pods, Duration.ofSeconds(phaseSeconds), out, strategy);
  }
}
