package dev.libcontainerd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of processes from {@code /proc/PID/stat}, in milliseconds: where a
 * benchmark's wall time goes when the machine's cores, not one client, are the limit.
 */
final class CpuTimes {
    private static final double MS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

    private CpuTimes() {}

    /** This JVM's own CPU time. */
    static double self() {
        return fields("self")[0];
    }

    /** CPU time of this JVM's children that have ended and were waited for ({@code ctr} runs). */
    static double children() {
        return fields("self")[1];
    }

    /** CPU time of process {@code pid}, 0 once it is gone. */
    static double of(long pid) {
        return fields(Long.toString(pid))[0];
    }

    /**
     * CPU time the whole machine spent busy since boot (every core, every process and the
     * kernel: {@code /proc/stat}'s user, nice, system, irq, softirq and steal), for the share of a
     * batch's CPU that is the daemon's, shims' and runtimes' rather than the client's.
     */
    static double machineBusy() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double[] fields(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name may hold spaces: fields count from after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime are fields 14-17 of stat(5), 12-15 here
            double own = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
            double kids = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * MS_PER_TICK;
            return new double[] {own, kids};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }
}
