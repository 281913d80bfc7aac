package dev.libcontainerd.cli.commands;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Column-aligned tables and human durations, as Docker prints them. */
final class Table {
    private Table() {}

    /** Prints {@code header} and {@code rows}, each column as wide as its widest cell. */
    static void print(PrintStream out, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, header, width);
        rows.forEach(r -> line(out, r, width));
        out.flush();
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(width[i] - cells[i].length() + 3));
            }
        }
        out.println(b);
    }

    /** "5 seconds ago", "3 minutes ago"… */
    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " seconds ago";
        }
        if (s < 3600) {
            return s / 60 + " minutes ago";
        }
        if (s < 86400) {
            return s / 3600 + " hours ago";
        }
        return s / 86400 + " days ago";
    }
}
