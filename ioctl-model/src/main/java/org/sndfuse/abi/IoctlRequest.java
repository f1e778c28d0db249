package org.sndfuse.abi;

/**
 * The fields of a Linux ioctl request number (asm-generic/ioctl.h layout, as on x86_64):
 * bits 0-7 number, 8-15 type, 16-29 argument size, 30-31 direction.
 */
public record IoctlRequest(int direction, int type, int number, int size) {
    public static final int NONE = 0;
    public static final int WRITE = 1; // user → kernel (_IOW)
    public static final int READ = 2;  // kernel → user (_IOR)

    public static IoctlRequest decode(int cmd) {
        return new IoctlRequest((cmd >>> 30) & 0x3, (cmd >>> 8) & 0xff, cmd & 0xff, (cmd >>> 16) & 0x3fff);
    }

    public int encode() {
        return (direction << 30) | (size << 16) | (type << 8) | number;
    }

    public static int io(char type, int nr) {
        return new IoctlRequest(NONE, type, nr, 0).encode();
    }

    public static int ior(char type, int nr, int size) {
        return new IoctlRequest(READ, type, nr, size).encode();
    }

    public static int iow(char type, int nr, int size) {
        return new IoctlRequest(WRITE, type, nr, size).encode();
    }

    public static int iowr(char type, int nr, int size) {
        return new IoctlRequest(READ | WRITE, type, nr, size).encode();
    }

    @Override
    public String toString() {
        String dir = switch (direction) {
            case NONE -> "_IO";
            case READ -> "_IOR";
            case WRITE -> "_IOW";
            default -> "_IOWR";
        };
        return String.format("%s('%c',0x%02x,%d)", dir, (char) type, number, size);
    }
}
