package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which subcommands a command line gets built, without a daemon. */
class SubcommandsTest {

    private static CommandLine built(String... args) {
        CommandLine cl = new CommandLine(new LcdCommand());
        Subcommands.add(cl, args);
        return cl;
    }

    @Test
    void theCommandWordComesAfterGlobalOptionsAndTheirValues() {
        CommandLine cl = new CommandLine(new LcdCommand());
        var spec = cl.getCommandSpec();
        assertThat(Subcommands.commandWord(spec, new String[] {"ps", "-a"})).isEqualTo("ps");
        assertThat(Subcommands.commandWord(spec, new String[] {"-n", "ps", "exec", "c", "true"}))
                .isEqualTo("exec");
        assertThat(Subcommands.commandWord(spec, new String[] {"--state-dir", "/x", "--debug", "rm", "c"}))
                .isEqualTo("rm");
        assertThat(Subcommands.commandWord(spec, new String[] {"--namespace=ns", "logs", "c"}))
                .isEqualTo("logs");
        assertThat(Subcommands.commandWord(spec, new String[] {"--version"})).isNull();
        assertThat(Subcommands.commandWord(spec, new String[] {})).isNull();
    }

    @Test
    void onlyTheNamedCommandIsBuiltByNameOrAlias() {
        assertThat(built("ps", "-a").getSubcommands()).containsOnlyKeys("ps", "ls");
        assertThat(built("--debug", "ls").getSubcommands()).containsOnlyKeys("ps", "ls");
        assertThat(built("-n", "run", "exec", "c", "true").getSubcommands()).containsOnlyKeys("exec");
    }

    @Test
    void helpCompletionAndUnknownWordsGetEveryCommand() {
        int all = built("help").getSubcommands().size();
        assertThat(all).isGreaterThan(20);
        assertThat(built("help", "ps").getSubcommands()).hasSize(all);
        assertThat(built("completion", "bash").getSubcommands()).hasSize(all);
        assertThat(built("--help").getSubcommands()).hasSize(all);
        assertThat(built("no-such-command").getSubcommands()).hasSize(all);
    }

    @Test
    void noCommandGetsNone() {
        assertThat(built("--version").getSubcommands()).isEmpty();
        assertThat(built().getSubcommands()).isEmpty();
    }
}
