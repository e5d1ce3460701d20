package io.kafkabluegreen.provider.lag;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the lag answers as UTF-8 JSON with Jackson's streaming generator, field by field in the
 * order of the records: no tree, no reflection over 10,000 partition records, no intermediate
 * {@code String}. In answers to {@code timeLag=true} the time-lag fields are always written, as
 * null when unknown; otherwise they are left out, as before. {@code LagJsonTest} holds the output
 * to the records' own Jackson form.
 */
final class LagJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private LagJson() {}

  static byte[] write(LagReport r, boolean timeLag) {
    // about 74 bytes a partition
    return write(
        128 + 80 * r.partitions().size(),
        g -> {
          head(g, r.group(), r.state(), r.members(), r.isolation(), r.uncommitted());
          g.writeNumberField("totalLag", r.totalLag());
          g.writeNumberField("maxLag", r.maxLag());
          timeLag(g, timeLag, r.timeLagSeconds(), r.timeLagReason());
          g.writeArrayFieldStart("partitions");
          for (PartitionLag p : r.partitions()) {
            g.writeStartObject();
            g.writeStringField("topic", p.topic());
            g.writeNumberField("partition", p.partition());
            g.writeFieldName("committed");
            if (p.committed() == null) {
              g.writeNull();
            } else {
              g.writeNumber(p.committed());
            }
            g.writeNumberField("end", p.end());
            g.writeNumberField("logStart", p.logStart());
            g.writeNumberField("lag", p.lag());
            timeLag(g, timeLag, p.timeLagSeconds(), p.timeLagReason());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("orphanedOffsets");
          for (OrphanedOffset o : r.orphanedOffsets()) {
            g.writeStartObject();
            g.writeStringField("topic", o.topic());
            g.writeNumberField("partition", o.partition());
            g.writeNumberField("committed", o.committed());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("readAt", r.readAt().toString());
        });
  }

  static byte[] write(LagTotals t, boolean timeLag) {
    return write(
        256 + 100 * t.topics().size(),
        g -> {
          head(g, t.group(), t.state(), t.members(), t.isolation(), t.uncommitted());
          g.writeNumberField("totalLag", t.totalLag());
          g.writeNumberField("maxLag", t.maxLag());
          g.writeNumberField("partitionCount", t.partitionCount());
          timeLag(g, timeLag, t.timeLagSeconds(), t.timeLagReason());
          g.writeArrayFieldStart("topics");
          for (TopicLag topic : t.topics()) {
            g.writeStartObject();
            g.writeStringField("topic", topic.topic());
            g.writeNumberField("partitions", topic.partitions());
            g.writeNumberField("totalLag", topic.totalLag());
            g.writeNumberField("maxLag", topic.maxLag());
            if (timeLag) {
              seconds(g, topic.timeLagSeconds());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeNumberField("orphanedOffsets", t.orphanedOffsets());
          g.writeStringField("readAt", t.readAt().toString());
        });
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(int sizeHint, Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: only a bug gets here
    }
    return out.toByteArray();
  }

  private static void head(
      JsonGenerator g,
      String group,
      String state,
      int members,
      String isolation,
      String uncommitted)
      throws IOException {
    g.writeStringField("group", group);
    g.writeStringField("state", state);
    g.writeNumberField("members", members);
    g.writeStringField("isolation", isolation);
    g.writeStringField("uncommitted", uncommitted);
  }

  private static void timeLag(JsonGenerator g, boolean asked, Double seconds, String reason)
      throws IOException {
    if (!asked) {
      return;
    }
    seconds(g, seconds);
    if (seconds == null && reason != null) {
      g.writeStringField("timeLagReason", reason);
    }
  }

  private static void seconds(JsonGenerator g, Double seconds) throws IOException {
    g.writeFieldName("timeLagSeconds");
    if (seconds == null) {
      g.writeNull();
    } else {
      g.writeNumber(seconds);
    }
  }
}
