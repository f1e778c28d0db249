package org.sndfuse.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IoctlRequestTest {

    @Test
    void decodesGinfoRequest() {
        IoctlRequest r = IoctlRequest.decode(0xC0F85403);
        assertEquals(IoctlRequest.READ | IoctlRequest.WRITE, r.direction());
        assertEquals('T', r.type());
        assertEquals(0x03, r.number());
        assertEquals(248, r.size());
    }

    @Test
    void decodesReadOnlyRequest() {
        IoctlRequest r = IoctlRequest.decode(0x80E85411); // INFO
        assertEquals(IoctlRequest.READ, r.direction());
        assertEquals('T', r.type());
        assertEquals(0x11, r.number());
        assertEquals(232, r.size());
    }

    @Test
    void decodesWriteOnlyRequest() {
        IoctlRequest r = IoctlRequest.decode(0x40345410); // SELECT
        assertEquals(IoctlRequest.WRITE, r.direction());
        assertEquals(0x10, r.number());
        assertEquals(52, r.size());
    }

    @Test
    void decodesNoArgumentRequest() {
        IoctlRequest r = IoctlRequest.decode(0x000054A6); // TRIGGER
        assertEquals(IoctlRequest.NONE, r.direction());
        assertEquals('T', r.type());
        assertEquals(0xA6, r.number());
        assertEquals(0, r.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80045400, 0xC0145401, 0x40045402, 0xC0F85403, 0x40485404, 0xC0505405, 0x40345410,
            0x80E85411, 0x40505412, 0x80605414, 0x80585414, 0x000054A0, 0x000054A1, 0x000054A2, 0x000054A3,
            0x400454A4, 0xC02054A5, 0x000054A6, 0x00005420, 0x00005423})
    void encodeIsInverseOfDecode(int cmd) {
        assertEquals(cmd, IoctlRequest.decode(cmd).encode());
    }

    @Test
    void helpersBuildTheKernelMacros() {
        assertEquals(0x80045400, IoctlRequest.ior('T', 0x00, 4));
        assertEquals(0x40045402, IoctlRequest.iow('T', 0x02, 4));
        assertEquals(0xC0145401, IoctlRequest.iowr('T', 0x01, 20));
        assertEquals(0x000054A0, IoctlRequest.io('T', 0xa0));
    }

    @Test
    void sizeUsesFourteenBits() {
        IoctlRequest r = new IoctlRequest(IoctlRequest.READ, 'T', 0x7f, 0x3fff);
        int cmd = r.encode();
        assertEquals(r, IoctlRequest.decode(cmd));
        assertEquals(0x3fff, IoctlRequest.decode(cmd).size());
    }

    @Test
    void toStringNamesTheMacro() {
        assertEquals("_IOWR('T',0x03,248)", IoctlRequest.decode(0xC0F85403).toString());
        assertEquals("_IOR('T',0x11,232)", IoctlRequest.decode(0x80E85411).toString());
        assertEquals("_IOW('T',0x10,52)", IoctlRequest.decode(0x40345410).toString());
        assertEquals("_IO('T',0xa6,0)", IoctlRequest.decode(0x000054A6).toString());
    }
}
