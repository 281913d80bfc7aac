package dev.libcontainerd.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.libcontainerd.errdefs.UnauthorizedException;
import dev.libcontainerd.image.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry authentication: {@code WWW-Authenticate} challenges (Basic, and Bearer with its token
 * endpoint, as the distribution spec describes) and credentials from {@code ~/.docker/config.json}.
 */
final class RegistryAuth {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuth.class);
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");

    /** A parsed challenge: the scheme and its parameters (realm, service, scope …). */
    record Challenge(String scheme, Map<String, String> params) {
        static Challenge parse(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            String h = header.trim();
            int sp = h.indexOf(' ');
            String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = PARAM.matcher(sp < 0 ? "" : h.substring(sp + 1));
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
            return new Challenge(scheme, params);
        }
    }

    private RegistryAuth() {}

    static String basic(RegistryCredentials c) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The credentials for {@code domain} in a docker config file ({@code auths}), or null when it
     * has none. Credential helpers are not run.
     */
    static RegistryCredentials fromDockerConfig(Path config, String domain) {
        if (config == null || !Files.isReadable(config)) {
            return null;
        }
        try {
            JsonNode auths = Manifests.JSON.readTree(config.toFile()).path("auths");
            String[] keys = domain.equals("docker.io")
                    ? new String[] {"https://index.docker.io/v1/", "index.docker.io", "docker.io"}
                    : new String[] {domain, "https://" + domain, "http://" + domain, "https://" + domain + "/v1/"};
            for (String k : keys) {
                JsonNode a = auths.path(k);
                if (a.isMissingNode()) {
                    continue;
                }
                if (a.path("auth").isTextual()) {
                    String up = new String(
                            Base64.getDecoder().decode(a.get("auth").asText().trim()), StandardCharsets.UTF_8);
                    int colon = up.indexOf(':');
                    if (colon > 0) {
                        return new RegistryCredentials(up.substring(0, colon), up.substring(colon + 1));
                    }
                }
                if (a.path("username").isTextual() && a.path("password").isTextual()) {
                    return new RegistryCredentials(
                            a.get("username").asText(), a.get("password").asText());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read credentials from {}: {}", config, e.getMessage());
        }
        return null;
    }

    /** The token in a token endpoint's JSON answer ({@code token} or {@code access_token}). */
    static String token(byte[] body, String registry) {
        try {
            JsonNode n = Manifests.JSON.readTree(body);
            String t = n.path("token").asText(n.path("access_token").asText(""));
            if (!t.isEmpty()) {
                return t;
            }
        } catch (IOException e) {
            // fall through
        }
        throw new UnauthorizedException(registry, "registry " + registry + ": the token endpoint gave no token");
    }
}
