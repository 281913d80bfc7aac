package dev.libcontainerd.internal.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The namespace and mount calls Java lacks, through JNA. */
interface NetLibC extends Library {
    NetLibC INSTANCE = Native.load("c", NetLibC.class);
    int CLONE_NEWNET = 0x40000000;
    long MS_BIND = 4096;
    int MNT_DETACH = 2;
    int EINVAL = 22;
    int ENOENT = 2;

    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String fstype, NativeLong flags, Pointer data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
}
