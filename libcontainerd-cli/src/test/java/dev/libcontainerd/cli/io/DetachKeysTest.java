package dev.libcontainerd.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.cli.CliException;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private static boolean scan(DetachKeys k, ByteArrayOutputStream out, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return k.scan(b, 0, b.length, out);
    }

    @Test
    void ctrlPCtrlQDetachesAndAnythingElsePassesThrough() {
        DetachKeys k = DetachKeys.parse(DetachKeys.DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(scan(k, out, 'a', 0x10)).isFalse(); // Ctrl-P held back
        assertThat(out.toByteArray()).containsExactly('a');
        assertThat(scan(k, out, 'x')).isFalse(); // not the sequence: Ctrl-P and x go through
        assertThat(out.toByteArray()).containsExactly('a', 0x10, 'x');
        out.reset();
        assertThat(scan(k, out, 0x10, 0x10, 0x11)).isTrue(); // across reads, after a repeated first key
        assertThat(out.toByteArray()).containsExactly(0x10);
    }

    @Test
    void otherSequencesAndNone() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(scan(DetachKeys.parse("ctrl-a,a"), out, 1, 'a')).isTrue();
        assertThat(scan(DetachKeys.parse(""), out, 0x10, 0x11)).isFalse();
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-1")).isInstanceOf(CliException.class);
    }
}
