#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pa-tone.py - PortAudio (PyAudio) with its defaults on ALSA's default device, for run-portaudio.sh.

usage: pa-tone.py play callback|blocking SECONDS
           plays a 440 Hz tone (660 Hz on the right, amplitude 12000, S16_LE, 2 ch, 48000 Hz) for SECONDS, then
           0.5 s of silence, so that what PortAudio 19.6 drops at its stop (AlsaStop always drops) is silence
       pa-tone.py rec callback|blocking SECONDS OUT.wav
           records SECONDS into OUT.wav; with PA_TONE_READY=FILE set, creates FILE once the stream runs
The stream takes PortAudio's defaults: frames_per_buffer unspecified and the device's default low latency.
Prints one line: the mode, callbacks (or reads), xruns the stream reported (paOutputUnderflow /
paInputOverflow flags, or Pa_ReadStream's overflow), PortAudio's latency and, for playback, the smallest and
median queued frames a callback saw (timeInfo: outputBufferDacTime - currentTime). Exit 0 unless PortAudio failed.
"""
import array
import math
import os
import sys
import time
import wave

import pyaudio

RATE = 48000
CHANNELS = 2


def tone(seconds, pad):
    n = int(seconds * RATE)
    a = array.array('h')
    for i in range(n):
        a.append(int(12000 * math.sin(2 * math.pi * 440 * i / RATE)))
        a.append(int(12000 * math.sin(2 * math.pi * 660 * i / RATE)))
    return a.tobytes() + bytes(int(pad * RATE) * 4)


def play(pa, mode, seconds):
    data = tone(seconds, 0.5)
    st = {'pos': 0, 'calls': 0, 'xruns': 0, 'queued': []}

    def cb(_inp, n, ti, status):
        st['calls'] += 1
        if status & pyaudio.paOutputUnderflow:
            st['xruns'] += 1
        st['queued'].append(round((ti['output_buffer_dac_time'] - ti['current_time']) * RATE))
        chunk = data[st['pos'] * 4:(st['pos'] + n) * 4]
        st['pos'] += n
        if len(chunk) < n * 4:
            return chunk + bytes(n * 4 - len(chunk)), pyaudio.paComplete
        return chunk, pyaudio.paContinue

    if mode == 'callback':
        s = pa.open(format=pyaudio.paInt16, channels=CHANNELS, rate=RATE, output=True, stream_callback=cb)
        s.start_stream()
        while s.is_active():
            time.sleep(0.02)
    else:
        s = pa.open(format=pyaudio.paInt16, channels=CHANNELS, rate=RATE, output=True)
        s.write(data)
    latency = s.get_output_latency()
    s.stop_stream()
    s.close()
    q = sorted(st['queued'][2:]) or [0]
    if mode == 'callback':
        print("play callback: %d callbacks, %d underflow flags, latency %.1f ms, queued at a callback: min %d median %d"
              % (st['calls'], st['xruns'], latency * 1000, q[0], q[len(q) // 2]))
    else:
        print("play blocking: latency %.1f ms" % (latency * 1000))


def ready():
    if os.environ.get('PA_TONE_READY'):
        open(os.environ['PA_TONE_READY'], 'w').close()


def rec(pa, mode, seconds, out):
    want = int(seconds * RATE)
    st = {'frames': [], 'got': 0, 'calls': 0, 'xruns': 0}

    def cb(inp, n, _ti, status):
        st['calls'] += 1
        if status & pyaudio.paInputOverflow:
            st['xruns'] += 1
        st['frames'].append(inp)
        st['got'] += n
        return None, pyaudio.paContinue if st['got'] < want else pyaudio.paComplete

    if mode == 'callback':
        s = pa.open(format=pyaudio.paInt16, channels=CHANNELS, rate=RATE, input=True, stream_callback=cb)
        s.start_stream()
        ready()
        while s.is_active():
            time.sleep(0.02)
    else:
        s = pa.open(format=pyaudio.paInt16, channels=CHANNELS, rate=RATE, input=True)
        while st['got'] < want:
            st['calls'] += 1
            try:
                st['frames'].append(s.read(1024))
            except OSError:  # paInputOverflowed: that read's frames are gone
                st['xruns'] += 1
                continue
            st['got'] += 1024
            if st['calls'] == 1:
                ready()
    latency = s.get_input_latency()
    s.stop_stream()
    s.close()
    w = wave.open(out, 'wb')
    w.setnchannels(CHANNELS)
    w.setsampwidth(2)
    w.setframerate(RATE)
    w.writeframes(b''.join(st['frames']))
    w.close()
    print("rec %s: %d %s, %d overflow%s, latency %.1f ms" % (mode, st['calls'],
          'callbacks' if mode == 'callback' else 'reads', st['xruns'],
          ' flags' if mode == 'callback' else 's', latency * 1000))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ('play', 'rec') or sys.argv[2] not in ('callback', 'blocking'):
        sys.exit(__doc__)
    pa = pyaudio.PyAudio()
    try:
        if sys.argv[1] == 'play':
            play(pa, sys.argv[2], float(sys.argv[3]))
        else:
            rec(pa, sys.argv[2], float(sys.argv[3]), sys.argv[4])
    finally:
        pa.terminate()


if __name__ == '__main__':
    main()
