package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.cli.task.Containers;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd inspect}: containers as JSON in docker's shape, or fields of it through --format. */
@Command(name = "inspect", description = "Show containers as JSON, or fields of them with --format '{{.State.Pid}}'.")
public final class InspectCommand extends BaseCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = {"-f", "--format"},
            paramLabel = "TEMPLATE",
            description =
                    "Go-template-like field paths, e.g. '{{.State.Status}} {{.State.Pid}}' or '{{json .Config}}'.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() throws IOException {
        Template template = format == null ? null : new Template(format);
        ArrayNode all = JSON.createArrayNode();
        int failures = eachContainer(ids, id -> {
            ObjectNode n = new ContainerView(context(), Containers.get(context(), id)).inspect();
            if (template != null) {
                out().println(template.render(n));
            } else {
                all.add(n);
            }
        });
        if (template == null) {
            out().println(JSON.writeValueAsString(all));
        }
        out().flush();
        return failures == 0 ? 0 : 1;
    }
}
