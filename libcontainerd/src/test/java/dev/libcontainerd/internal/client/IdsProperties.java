package dev.libcontainerd.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Ids become paths under the state dir: whatever is accepted must stay inside it. */
class IdsProperties {

    @Property
    void acceptedIdsNeverLeaveTheStateDir(@ForAll String id) {
        Path base = Path.of("/state");
        try {
            Ids.check("id", id);
        } catch (InvalidParameterException e) {
            return; // refused: nothing to check
        }
        Path p = base.resolve(id).normalize();
        assertThat(p.getParent()).isEqualTo(base);
        assertThat(id).doesNotContain("/", "..").hasSizeLessThanOrEqualTo(Ids.MAX_LENGTH);
    }

    @Property
    void containerdStyleIdsAreAccepted(@ForAll("valid") String id) {
        assertThat(Ids.check("id", id)).isEqualTo(id);
    }

    @Property
    void idsWithASlashOrOverlongAreRefused(@ForAll("valid") String id, @ForAll("bad") String bad) {
        assertThatThrownBy(() -> Ids.check("id", id + bad)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Ids.check("id", "x".repeat(Ids.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Provide
    Arbitrary<String> valid() {
        Arbitrary<String> word = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .ofMinLength(1)
                .ofMaxLength(8);
        Arbitrary<String> sep = Arbitraries.of(".", "_", "-");
        return Combinators.combine(
                        word,
                        Combinators.combine(sep, word)
                                .as((s, w) -> s + w)
                                .list()
                                .ofMaxSize(6))
                .as((w, rest) -> w + String.join("", rest))
                .filter(s -> s.length() <= Ids.MAX_LENGTH);
    }

    @Provide
    Arbitrary<String> bad() {
        return Arbitraries.of("/", "/..", "/../x", "..", " ", "\n", "\0", "--", "._");
    }
}
