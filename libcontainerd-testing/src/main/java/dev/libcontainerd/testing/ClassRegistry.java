package dev.libcontainerd.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A plain-HTTP {@link TestRegistry} shared by the tests of one class, as a JUnit extension:
 *
 * <pre>{@code @RegisterExtension static final ClassRegistry registry = new ClassRegistry();}</pre>
 *
 * <p>It starts before the class's own {@code @BeforeAll} methods (which may push images to it)
 * and stops, its storage removed, after its {@code @AfterAll} ones. Without docker-registry the
 * class fails under CI=true and is skipped elsewhere.
 */
public final class ClassRegistry implements BeforeAllCallback, AfterAllCallback {
    private TestRegistry registry;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        registry = TestRegistry.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** The running registry. */
    public TestRegistry get() {
        if (registry == null) {
            throw new IllegalStateException("the registry runs only while the class's tests do");
        }
        return registry;
    }

    /** {@link TestRegistry#url()}. */
    public String url() {
        return get().url();
    }

    /** {@link TestRegistry#host()}. */
    public String host() {
        return get().host();
    }

    /** {@link TestRegistry#blobFile(String)}. */
    public Path blobFile(String digest) {
        return get().blobFile(digest);
    }
}
