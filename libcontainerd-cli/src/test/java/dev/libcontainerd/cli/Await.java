package dev.libcontainerd.cli;

import java.util.concurrent.TimeUnit;

/** Polls a source until it shows a text, or fails with what it showed last. */
final class Await {
    private Await() {}

    interface Source {
        String get() throws Exception;
    }

    static void contains(Source source, String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last;
        do {
            last = source.get();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected '" + expected + "' within " + seconds + " s in:\n" + last);
    }
}
