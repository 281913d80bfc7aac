package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import java.util.Locale;
import java.util.Map;

/** Signal names and numbers (Linux x86/arm numbering), as {@code kill} accepts them. */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1),
            Map.entry("INT", 2),
            Map.entry("QUIT", 3),
            Map.entry("ILL", 4),
            Map.entry("TRAP", 5),
            Map.entry("ABRT", 6),
            Map.entry("BUS", 7),
            Map.entry("FPE", 8),
            Map.entry("KILL", 9),
            Map.entry("USR1", 10),
            Map.entry("SEGV", 11),
            Map.entry("USR2", 12),
            Map.entry("PIPE", 13),
            Map.entry("ALRM", 14),
            Map.entry("TERM", 15),
            Map.entry("CHLD", 17),
            Map.entry("CONT", 18),
            Map.entry("STOP", 19),
            Map.entry("TSTP", 20),
            Map.entry("TTIN", 21),
            Map.entry("TTOU", 22),
            Map.entry("URG", 23),
            Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26),
            Map.entry("PROF", 27),
            Map.entry("WINCH", 28),
            Map.entry("IO", 29),
            Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    private Signals() {}

    /** {@code KILL}, {@code SIGKILL}, {@code kill} or {@code 9}. */
    static int parse(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        if (v.matches("\\d+")) {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        Integer n = NUMBERS.get(v.startsWith("SIG") ? v.substring(3) : v);
        if (n == null) {
            throw new CliException("invalid signal: " + s + " (use a name like TERM or a number)");
        }
        return n;
    }
}
