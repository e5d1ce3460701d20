package io.kafkabluegreen.tests.report;

import java.util.ArrayList;
import java.util.List;

/** A small table rendered as aligned plain text or as a Markdown table. */
final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  TextTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells);
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  String toText() {
    int[] widths = widths();
    StringBuilder out = new StringBuilder();
    appendText(out, header, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    out.append(rule).append('\n');
    rows.forEach(row -> appendText(out, row, widths));
    return out.toString();
  }

  String toMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|").append("---|".repeat(header.size())).append('\n');
    rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
    return out.toString();
  }

  private int[] widths() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    return widths;
  }

  private static void appendText(StringBuilder out, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      // the first column is a name (left-aligned), the others are figures (right-aligned)
      String padded =
          i == 0
              ? cell + " ".repeat(widths[i] - cell.length())
              : " ".repeat(widths[i] - cell.length()) + cell;
      out.append(i == 0 ? "" : "  ").append(padded);
    }
    out.append('\n');
  }
}
