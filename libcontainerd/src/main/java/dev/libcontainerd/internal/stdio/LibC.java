package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/** The libc calls Java lacks, through JNA (a fork of /usr/bin/mkfifo costs ~170×). */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);
    int EEXIST = 17;
    int ENXIO = 6;
    int O_WRONLY = 01;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    int EINTR = 4;
    int EAGAIN = 11;
    int O_RDONLY = 0;
    int O_RDWR = 02;
    int EPOLL_CLOEXEC = 02000000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLLIN = 0x001;
    int EPOLLERR = 0x008;
    int EPOLLHUP = 0x010;
    /** sizeof(struct epoll_event) on x86-64, where it is packed: u32 events, u64 data. */
    int EPOLL_EVENT_SIZE = 12;

    int mkfifo(String path, int mode) throws LastErrorException;

    long read(int fd, ByteBuffer buf, long count) throws LastErrorException;

    int epoll_create1(int flags) throws LastErrorException;

    int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
