package dev.libcontainerd.image;

/** The PATH docker images carry. */
final class TestImagesPath {
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private TestImagesPath() {}
}
