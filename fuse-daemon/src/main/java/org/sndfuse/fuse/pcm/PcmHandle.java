package org.sndfuse.fuse.pcm;

import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;

/** An open of a PCM node: one substream, reached by read()/write() of interleaved frames, ioctl and poll. */
public final class PcmHandle implements Handle {
    private final PcmSubstream substream;

    public PcmHandle(PcmSubstream substream) {
        this.substream = substream;
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        return substream.read(size, caller.nonblocking(), caller.interrupted());
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        return substream.write(data, caller.nonblocking(), caller.interrupted());
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller caller) {
        return PcmIoctlDispatch.dispatch(substream, cmd, arg, in, caller);
    }

    @Override
    public int poll(Runnable waiter) {
        return substream.poll(waiter);
    }

    @Override
    public void disconnect() {
        substream.disconnect();
    }

    @Override
    public void release() {
        substream.close();
    }
}
