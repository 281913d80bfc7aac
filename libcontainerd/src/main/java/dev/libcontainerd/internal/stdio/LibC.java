package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The one libc call Java lacks: mkfifo, through JNA (a fork of /usr/bin/mkfifo costs ~170×). */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int EEXIST = 17;

    int mkfifo(String path, int mode) throws LastErrorException;
}
