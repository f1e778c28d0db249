package org.sndfuse.rtp;

import java.util.HashMap;
import java.util.Map;

/**
 * The parts of an SDP file (RFC 8866) a receiver needs: the connection address ({@code c=}, media level over
 * session level, a multicast TTL suffix ignored), the first audio medium's port and payload type
 * ({@code m=audio PORT RTP/AVP PT}) and that type's {@code a=rtpmap:PT L16|L24/RATE[/CHANNELS]}. The static
 * types of RFC 3551 (10 = L16/44100/2, 11 = L16/44100/1) need no rtpmap. As ffmpeg's {@code -sdp_file} writes
 * and AES67 devices announce.
 */
public record SessionDescription(String address, int port, RtpFormat format) {

    public static SessionDescription parse(String text) {
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        int pt = -1;
        boolean inAudio = false;
        boolean seenAudio = false;
        Map<Integer, String> rtpmap = new HashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            String v = line.substring(2).strip();
            switch (line.charAt(0)) {
                case 'm' -> {
                    inAudio = false;
                    String[] f = v.split("\\s+");
                    if (!seenAudio && f.length >= 4 && f[0].equals("audio") && f[2].startsWith("RTP/")) {
                        port = parseInt("port", f[1].split("/")[0], 1, 65535);
                        pt = parseInt("payload type", f[3], 0, 127);
                        inAudio = true;
                        seenAudio = true;
                    }
                }
                case 'c' -> {
                    String[] f = v.split("\\s+");
                    if (f.length < 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
                        throw new IllegalArgumentException("unsupported connection line 'c=" + v + "'");
                    }
                    String addr = f[2].split("/")[0];
                    if (inAudio) {
                        mediaAddress = addr;
                    } else if (!seenAudio) {
                        sessionAddress = addr;
                    }
                }
                case 'a' -> {
                    if (v.startsWith("rtpmap:") && (inAudio || !seenAudio)) {
                        String[] f = v.substring(7).split("\\s+", 2);
                        if (f.length == 2) {
                            rtpmap.put(parseInt("payload type", f[0], 0, 127), f[1].strip());
                        }
                    }
                }
                default -> { }
            }
        }
        if (!seenAudio) {
            throw new IllegalArgumentException("no 'm=audio PORT RTP/AVP PT' line");
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new IllegalArgumentException("no 'c=IN IP4 ADDRESS' line");
        }
        return new SessionDescription(address, port, format(pt, rtpmap.get(pt)));
    }

    private static RtpFormat format(int pt, String map) {
        if (map == null) {
            if (pt == 10 || pt == 11) {
                return new RtpFormat(RtpFormat.Encoding.L16, 44100, pt == 10 ? 2 : 1, pt);
            }
            throw new IllegalArgumentException("no 'a=rtpmap:" + pt + " ...' for the audio payload type");
        }
        String[] f = map.split("/");
        if (f.length < 2) {
            throw new IllegalArgumentException("bad rtpmap '" + map + "'");
        }
        int channels = f.length > 2 ? parseInt("channels", f[2], 1, 32) : 1;
        return new RtpFormat(RtpFormat.Encoding.parse(f[0]), parseInt("rate", f[1], 1000, 384000), channels, pt);
    }

    static int parseInt(String what, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got '" + s + "'");
    }
}
