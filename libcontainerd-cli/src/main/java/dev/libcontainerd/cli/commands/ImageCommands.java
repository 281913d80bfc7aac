package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.Context;
import dev.libcontainerd.image.Images;
import java.util.Locale;

/** What the image commands share. */
final class ImageCommands {
    private ImageCommands() {}

    static Images images(Context ctx) {
        return Images.of(ctx.containerd(), ctx.namespace());
    }

    /** 2.5MB, as docker prints sizes (decimal units). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }

    /** The 12 hex digits docker shows of a digest. */
    static String shortId(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
