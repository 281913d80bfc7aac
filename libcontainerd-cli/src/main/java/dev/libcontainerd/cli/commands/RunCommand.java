package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.cli.options.ProcessOptions;
import dev.libcontainerd.cli.options.ResourceOptions;
import dev.libcontainerd.cli.rootfs.BusyboxRootfs;
import dev.libcontainerd.cli.rootfs.OverlayLayer;
import dev.libcontainerd.cli.spec.SpecFile;
import dev.libcontainerd.cli.spec.Users;
import dev.libcontainerd.cli.task.Launcher;
import dev.libcontainerd.cli.task.Remover;
import dev.libcontainerd.cli.task.TaskQuery;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.network.AttachOptions;
import dev.libcontainerd.network.Networks;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd run}: create and start a container, and by default wait for it. */
@Command(name = "run", description = "Run a command in a new container; exits with its exit code.")
public final class RunCommand extends BaseCommand {
    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean rm;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container id.")
    boolean detach;

    @Option(names = "--name", paramLabel = "NAME", description = "Container name (default: random).")
    String name;

    @Option(names = "--rootfs", paramLabel = "DIR",
            description = "Root filesystem directory (default: a busybox rootfs, writable per container).")
    Path rootfs;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Hostname (default: the name).")
    String hostname;

    @Option(names = "--network", paramLabel = "NET",
            description = "Network: bridge (the default network), host, none, or one made with 'lcd network create'."
                    + " Without --network, -p or --dns the container has a network namespace with only lo.")
    String network;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOSTPORT:]PORT[/PROTO]",
            description = "Publish a container port on the host, as docker's -p (implies --network bridge).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "A name server for /etc/resolv.conf.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "A search domain for /etc/resolv.conf.")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", paramLabel = "OPT", description = "A resolver option for /etc/resolv.conf.")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the root filesystem read-only.")
    boolean readOnly;

    @Option(names = "--spec", paramLabel = "config.json",
            description = "Start from this OCI runtime spec; options given here override it.")
    Path specFile;

    @Mixin
    ProcessOptions process;

    @Mixin
    ResourceOptions resources;

    @Parameters(paramLabel = "[NAME] COMMAND", arity = "0..*",
            description = "Command and arguments (default: sh). As with 'ctr run', a container name "
                    + "may come first when --name is not given: 'lcd run --rm hello echo hi'.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        if (rm && detach) {
            throw new CliException("--rm and -d cannot be combined: remove it later with 'lcd rm -f'");
        }
        Context ctx = context();
        takeLeadingName(ctx);
        String id = Ids.check(name != null ? name : Ids.random());
        if (new TaskQuery(ctx).containers().containsKey(id)) {
            throw new CliException("the name '" + id + "' is already in use: choose another, or 'lcd rm' it");
        }
        Spec base = specFile != null ? SpecFile.read(specFile) : null;
        Path root = rootfs(ctx, id, base);
        boolean created = false;
        try {
            ctx.client().create(id, network(ctx, id, assemble(ctx, id, base, root)), null);
            created = true;
            Launcher launcher = new Launcher(ctx);
            if (detach) {
                launcher.startDetached(id, null);
                out().println(id);
                return 0;
            }
            return launcher.startAttached(id, null, process.interactive, process.tty);
        } finally {
            if (rm || !created) {
                cleanUp(ctx, id);
            }
        }
    }

    /** The spec joined to its network, when networking was asked for. */
    private Spec network(Context ctx, String id, Spec spec) {
        if (network == null && publish.isEmpty() && dns.isEmpty() && dnsSearch.isEmpty() && dnsOptions.isEmpty()) {
            return spec;
        }
        AttachOptions.Builder o = AttachOptions.builder()
                .network(network == null ? Networks.DEFAULT_NETWORK : network)
                // a name with '_' is a fine container id but no host name: then /etc/hosts has none
                .hostname(hostname != null || spec.hostname().matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
                        ? spec.hostname() : null);
        publish.forEach(o::publish);
        dns.forEach(o::dns);
        dnsSearch.forEach(o::dnsSearch);
        dnsOptions.forEach(o::dnsOption);
        AttachOptions options = o.build(); // bad input is refused before anything is made
        new NetworkSetup(ctx).reapDead();
        return ctx.networks().attach(id, options).applyTo(spec);
    }

    /**
     * {@code run hello echo hi}: the first word names the container when it is not a command in
     * the root filesystem but the second one is (ctr's {@code run ID COMMAND} habit).
     */
    private void takeLeadingName(Context ctx) {
        if (name != null || specFile != null || command.size() < 2) {
            return;
        }
        Path root = rootfs != null ? rootfs : BusyboxRootfs.ensure(ctx.layout().busyboxRootfs());
        if (!isCommand(root, command.get(0)) && isCommand(root, command.get(1))) {
            name = command.remove(0);
        }
    }

    private static boolean isCommand(Path root, String word) {
        if (word.contains("/")) {
            return true;
        }
        for (String dir : new String[] {"bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin"}) {
            if (Files.exists(root.resolve(dir).resolve(word), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static void cleanUp(Context ctx, String id) {
        try {
            new Remover(ctx).remove(id, true);
        } catch (ContainerdException | CliException e) {
            System.err.println("lcd: could not remove " + id + ": " + e.getMessage());
        }
    }

    /** The rootfs to use; for the default one, a fresh overlay mounted for this container. */
    private Path rootfs(Context ctx, String id, Spec base) {
        if (rootfs != null) {
            if (!Files.isDirectory(rootfs)) {
                throw new CliException("rootfs " + rootfs + " does not exist or is not a directory");
            }
            return rootfs.toAbsolutePath().normalize();
        }
        String fromSpec = base == null || base.root() == null ? null : base.root().path();
        if (fromSpec != null) {
            Path p = specFile.toAbsolutePath().getParent().resolve(fromSpec).normalize();
            if (!Files.isDirectory(p)) {
                throw new CliException("rootfs " + p + " (from " + specFile + ") does not exist or is not a directory");
            }
            return p;
        }
        Path lower = BusyboxRootfs.ensure(ctx.layout().busyboxRootfs());
        return OverlayLayer.mount(lower, ctx.layout().containerDir(ctx.namespace(), id));
    }

    /**
     * The container's spec: the library's default Linux spec (or the user's {@code --spec}) with
     * this run's options on top.
     *
     * @param base the user's spec, or null for the defaults
     */
    private Spec assemble(Context ctx, String id, Spec base, Path root) {
        Spec.Builder spec = base == null ? Spec.linuxDefaults(ctx.namespace(), id) : base.toBuilder();
        spec.rootPath(root.toString())
                .rootReadonly(readOnly || (base != null && base.root() != null && base.root().readonly()))
                .hostname(hostname != null ? hostname : id.length() > 63 ? id.substring(0, 63) : id);
        boolean hasArgs = base != null && base.process() != null && !base.process().args().isEmpty();
        List<String> args = command.isEmpty() && !hasArgs ? List.of("sh") : command;
        spec.editProcess(p -> process.applyTo(p, args, root));
        if (base != null && (base.linux() == null || base.linux().cgroupsPath() == null
                || base.linux().cgroupsPath().isEmpty())) {
            spec.cgroupsPath("/" + ctx.namespace() + "/" + id);
        }
        Spec draft = spec.mergeResources(resources.toResources()).build();
        // HOME as Docker sets it: the user's home in the container's passwd, unless given.
        return spec.addDefaultEnv("HOME=" + Users.home(draft.process().uid(), root)).build();
    }
}
