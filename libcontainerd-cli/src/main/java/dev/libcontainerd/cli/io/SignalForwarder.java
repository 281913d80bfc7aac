package dev.libcontainerd.cli.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Forwards the signals the tool receives (Ctrl-C's SIGINT, SIGTERM, SIGHUP) to the container
 * instead of dying of them, as {@code docker run} does without a terminal: the container decides,
 * and the tool exits with its exit code. {@link #close()} restores the previous handlers.
 */
public final class SignalForwarder implements AutoCloseable {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalForwarder() {}

    /** Starts forwarding to {@code deliver}, which receives the signal number. */
    public static SignalForwarder start(IntConsumer deliver) {
        return start(deliver, FORWARDED);
    }

    /** Starts forwarding the signals {@code names} (e.g. "HUP") to {@code deliver}. */
    public static SignalForwarder start(IntConsumer deliver, String... names) {
        SignalForwarder f = new SignalForwarder();
        for (String name : names) {
            try {
                Signal s = new Signal(name);
                f.previous.add(Signal.handle(s, sig -> deliver.accept(sig.getNumber())));
                f.signals.add(s);
            } catch (IllegalArgumentException e) {
                // the JVM reserves this one (e.g. QUIT for thread dumps): leave it alone
            }
        }
        return f;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
