package org.longscope.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a CSV document (the run's summary.csv) as an aligned terminal table. */
final class CsvTable {
    private CsvTable() {
    }

    static String render(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            if (!line.isBlank()) {
                rows.add(parseLine(line).stream().map(CsvTable::formatCell).toList());
            }
        }
        if (rows.isEmpty()) {
            return "";
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                boolean numeric = r > 0 && isNumber(cell);
                String padded = numeric ? " ".repeat(widths[c] - cell.length()) + cell
                        : cell + " ".repeat(widths[c] - cell.length());
                sb.append(c == 0 ? "" : "  ").append(padded);
            }
            sb.append('\n');
            if (r == 0) {
                for (int c = 0; c < columns; c++) {
                    sb.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
                }
                sb.append('\n');
            }
        }
        return sb.toString().lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    /** RFC 4180 fields: commas inside double quotes, doubled quotes for a quote. */
    static List<String> parseLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** Long decimals are shown with two digits; everything else as written. */
    private static String formatCell(String cell) {
        if (isNumber(cell) && cell.contains(".") && cell.length() - cell.indexOf('.') > 3) {
            return String.format(Locale.ROOT, "%.2f", Double.parseDouble(cell));
        }
        return cell;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
