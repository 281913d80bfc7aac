package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.state.Layout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreconnectTest {
    private static Path socket(String... args) {
        return Preconnect.socket(args);
    }

    @Test
    void followsTheAddressGivenBeforeTheCommand() {
        assertThat(socket("--address", "/tmp/x/../c.sock", "ps")).isEqualTo(Path.of("/tmp/c.sock"));
        assertThat(socket("--debug", "--address=/tmp/c.sock", "-n", "ns", "run", "busybox"))
                .isEqualTo(Path.of("/tmp/c.sock"));
        assertThat(socket("--namespace=ns", "--address", "/tmp/c.sock", "exec", "c", "true"))
                .isEqualTo(Path.of("/tmp/c.sock"));
    }

    @Test
    void findsThePrivateDaemonUnderTheStateDirGiven() {
        Path expected = System.getenv("LCD_ADDRESS") != null
                ? Path.of(System.getenv("LCD_ADDRESS")).toAbsolutePath().normalize()
                : Layout.resolve(Path.of("/tmp/st"), null).daemonState().resolve("containerd.sock");
        assertThat(socket("--state-dir", "/tmp/st", "ps")).isEqualTo(expected);
    }

    @Test
    void noConnectionForCommandsThatNeedNoDaemonOrCannotBeRead() {
        assertThat(socket("--version")).isNull();
        assertThat(socket("help", "run")).isNull();
        assertThat(socket("completion", "bash")).isNull();
        assertThat(socket("daemon", "stop")).isNull();
        assertThat(socket("nosuchcommand")).isNull();
        assertThat(socket()).isNull();
        assertThat(socket("--address")).isNull(); // the parser will complain, not this
        // the command word is the first that is not a global option: "ps" here is an argument
        assertThat(socket("--address", "/tmp/c.sock", "version", "ps")).isNull();
    }
}
