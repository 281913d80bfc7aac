package dev.libcontainerd.cli.io;

import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.function.BiConsumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.ControlFlag;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The user's terminal in raw mode for the time a container's terminal is attached to it: every
 * key (Ctrl-C included) goes to the container, and window size changes follow. {@link #close()}
 * restores the terminal as it was.
 *
 * <p>Raw means cfmakeraw's raw: no signal keys, no echo, no line editing, no output processing.
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
            Terminal t = TerminalBuilder.builder()
                    .system(true)
                    .nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN)
                    .build();
            Attributes saved = t.getAttributes();
            t.setAttributes(raw(saved));
            return new LocalTerminal(t, saved);
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot use this terminal: " + e.getMessage(), e);
        }
    }

    /**
     * cfmakeraw(3), as docker and runc's console code set the host terminal: JLine's own raw mode
     * keeps ISIG, so Ctrl-C, Ctrl-Z and Ctrl-\ would signal this JVM (Ctrl-\ printing a thread
     * dump) instead of reaching the container's terminal, whose line discipline turns them into
     * signals for the container's foreground process group.
     */
    static Attributes raw(Attributes from) {
        Attributes a = new Attributes(from);
        a.setInputFlags(
                EnumSet.of(
                        InputFlag.IGNBRK,
                        InputFlag.BRKINT,
                        InputFlag.PARMRK,
                        InputFlag.ISTRIP,
                        InputFlag.INLCR,
                        InputFlag.IGNCR,
                        InputFlag.ICRNL,
                        InputFlag.IXON),
                false);
        a.setOutputFlag(OutputFlag.OPOST, false);
        a.setLocalFlags(
                EnumSet.of(LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ICANON, LocalFlag.ISIG, LocalFlag.IEXTEN),
                false);
        a.setControlFlags(EnumSet.of(ControlFlag.CS5, ControlFlag.CS6, ControlFlag.CS7, ControlFlag.PARENB), false);
        a.setControlFlag(ControlFlag.CS8, true);
        // JLine's reader polls: return after a byte or a tenth of a second
        a.setControlChar(ControlChar.VMIN, 0);
        a.setControlChar(ControlChar.VTIME, 1);
        return a;
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
