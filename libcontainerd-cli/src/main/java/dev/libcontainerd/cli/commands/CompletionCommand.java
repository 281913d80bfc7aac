package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lcd completion bash|zsh}: the shell completion script, picocli's for commands and
 * options, plus container names (from {@code lcd ps -a -q}) where a command takes containers.
 * Install: {@code source <(lcd completion bash)}, or put it in {@code /etc/bash_completion.d/lcd}.
 */
@Command(
        name = "completion",
        description =
                "Print the shell completion script: completion bash|zsh " + "(e.g. source <(./lcd completion bash)).")
public final class CompletionCommand extends BaseCommand {
    /** Commands whose positional arguments are container names. */
    private static final String CONTAINER_COMMANDS =
            "exec kill pause resume stats top update checkpoint start rm logs stop restart wait inspect";

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("lcd", root);
        String names = """

                # container names where a command takes containers (lcd ps -a -q, quietly)
                _lcd_complete_with_names() {
                  _complete_lcd "$@"
                  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="${COMP_WORDS[1]}"
                  if [[ "$cur" != -* && " %s " == *" $cmd "* && ${#COMP_WORDS[@]} -gt 2 ]]; then
                    local ids
                    ids="$("${COMP_WORDS[0]}" ps -a -q 2>/dev/null)"
                    COMPREPLY+=( $(compgen -W "$ids" -- "$cur") )
                  fi
                }
                complete -F _lcd_complete_with_names -o default lcd ./lcd
                """.formatted(CONTAINER_COMMANDS);
        switch (shell) {
            case "bash" -> out().print(script + names);
            case "zsh" ->
                out().print("autoload -U +X compinit && compinit\n" + "autoload -U +X bashcompinit && bashcompinit\n"
                        + script + names);
            default -> throw new CliException("unknown shell '" + shell + "': use bash or zsh");
        }
        out().flush();
        return 0;
    }
}
