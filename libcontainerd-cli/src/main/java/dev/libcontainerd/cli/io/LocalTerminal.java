package dev.libcontainerd.cli.io;

import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiConsumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The user's terminal in raw mode for the time a container's terminal is attached to it: every
 * key (Ctrl-C included) goes to the container, and window size changes follow. {@link #close()}
 * restores the terminal as it was.
 */
public final class LocalTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;

    private LocalTerminal(Terminal terminal, Attributes saved) {
        this.terminal = terminal;
        this.saved = saved;
    }

    /** Puts the terminal on stdin/stdout in raw mode. */
    public static LocalTerminal open() {
        try {
            Terminal t = TerminalBuilder.builder().system(true).nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
            return new LocalTerminal(t, t.enterRawMode());
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot use this terminal: " + e.getMessage(), e);
        }
    }

    /** Keystrokes, raw. */
    public InputStream input() {
        return terminal.input();
    }

    /** The screen. */
    public OutputStream output() {
        return terminal.output();
    }

    /** Calls {@code resize(columns, rows)} now and whenever the window changes size. */
    public void onResize(BiConsumer<Integer, Integer> resize) {
        Size s = terminal.getSize();
        resize.accept(s.getColumns(), s.getRows());
        terminal.handle(Terminal.Signal.WINCH, sig -> {
            Size now = terminal.getSize();
            resize.accept(now.getColumns(), now.getRows());
        });
    }

    @Override
    public void close() {
        try {
            terminal.setAttributes(saved);
            terminal.flush();
            terminal.close();
        } catch (IOException e) {
            // the terminal is gone: nothing to restore
        }
    }
}
