package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc calls Java lacks, through JNA (a fork of /usr/bin/mkfifo costs ~170×). */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);
    int EEXIST = 17;
    int ENXIO = 6;
    int O_WRONLY = 01;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    int mkfifo(String path, int mode) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
