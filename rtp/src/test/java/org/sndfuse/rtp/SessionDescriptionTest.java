package org.sndfuse.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    @Test
    void readsWhatFfmpegWrites() {
        String sdp = "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=No Name\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "a=tool:libavformat 59.27.100\nm=audio 5004 RTP/AVP 97\nb=AS:1536\na=rtpmap:97 L16/48000/2\n";
        SessionDescription d = SessionDescription.parse(sdp);
        assertEquals("127.0.0.1", d.address());
        assertEquals(5004, d.port());
        assertEquals(new RtpFormat(RtpFormat.Encoding.L16, 48000, 2, 97), d.format());
    }

    @Test
    void readsAnAes67Announcement() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.168.1.10\r\ns=Stage\r\nt=0 0\r\nm=audio 5004 RTP/AVP 96\r\n"
                + "c=IN IP4 239.69.1.2/32\r\na=rtpmap:96 L24/48000/8\r\na=ptime:1\r\n"
                + "a=ts-refclk:ptp=IEEE1588-2008:00-00-00-00-00-00-00-00:0\r\n";
        SessionDescription d = SessionDescription.parse(sdp);
        assertEquals("239.69.1.2", d.address());
        assertEquals(new RtpFormat(RtpFormat.Encoding.L24, 48000, 8, 96), d.format());
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() {
        SessionDescription d = SessionDescription.parse("c=IN IP4 10.0.0.1\nm=audio 9000 RTP/AVP 10\n");
        assertEquals(new RtpFormat(RtpFormat.Encoding.L16, 44100, 2, 10), d.format());
    }

    @Test
    void refusesWhatItCannotPlay() {
        assertThrows(IllegalArgumentException.class, () -> SessionDescription.parse("c=IN IP4 1.2.3.4\n"));
        assertThrows(IllegalArgumentException.class,
                () -> SessionDescription.parse("c=IN IP4 1.2.3.4\nm=audio 5004 RTP/AVP 96\na=rtpmap:96 opus/48000/2\n"));
        assertThrows(IllegalArgumentException.class,
                () -> SessionDescription.parse("m=audio 5004 RTP/AVP 96\na=rtpmap:96 L16/48000/2\n"));
        assertThrows(IllegalArgumentException.class,
                () -> SessionDescription.parse("c=IN IP4 1.2.3.4\nm=audio 99999 RTP/AVP 96\n"));
    }
}
