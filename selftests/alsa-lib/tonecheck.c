// SPDX-License-Identifier: MIT
/*
 * tonecheck - what a resampled capture of a tone can still be checked for: the length of the sounding part
 * of channel 0 (first to last sample above the noise floor), its frequency (zero crossings / 2 / length) and
 * the longest run of near-silent samples inside it (a gap). For S16_LE and FLOAT_LE WAV files (FLOAT_LE: channel 0
 * scaled to 16 bits).
 * usage: tonecheck FILE.wav SECONDS HZ [float32:RATE]   (with the fourth argument FILE is raw FLOAT_LE mono at
 *        RATE, as arecord -I writes one channel)  exit 0 when length is within 2% of SECONDS, the frequency within
 *        1% of HZ and no gap is longer than 2 samples; prints "length S freq F gap N" either way.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 4 && !(argc == 5 && !strncmp(argv[4], "float32:", 8))) {
		fprintf(stderr, "usage: tonecheck FILE.wav SECONDS HZ [float32:RATE]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	static unsigned char buf[64 << 20];
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	unsigned int rate = 0, channels = 0, bits = 0, tag = 0;
	short *s = NULL;
	size_t frames = 0;

	if (argc == 5) {
		tag = 3;
		bits = 32;
		channels = 1;
		rate = (unsigned int)atoi(argv[4] + 8);
		s = (short *)buf;
		frames = n / 4;
	}
	for (size_t pos = 12; argc == 4 && pos + 8 <= n;) {
		unsigned int sz = buf[pos + 4] | buf[pos + 5] << 8 | buf[pos + 6] << 16 | (unsigned int)buf[pos + 7] << 24;
		if (!memcmp(buf + pos, "fmt ", 4)) {
			tag = buf[pos + 8] | buf[pos + 9] << 8;
			channels = buf[pos + 10] | buf[pos + 11] << 8;
			rate = buf[pos + 12] | buf[pos + 13] << 8 | buf[pos + 14] << 16;
			bits = buf[pos + 22];
		} else if (!memcmp(buf + pos, "data", 4)) {
			s = (short *)(buf + pos + 8);
			frames = (n - pos - 8 < sz ? n - pos - 8 : sz) / (bits / 8 ? bits / 8 : 1) / (channels ? channels : 1);
			break;
		}
		pos += 8 + sz;
	}
	if (s && tag == 3 && bits == 32 && channels) {
		// channel 0 of FLOAT_LE, in place (each short lands before the float it comes from is read)
		const float *fl = (const float *)s;
		for (size_t i = 0; i < frames; i++) {
			float v = fl[i * channels];
			s[i] = (short)lrintf((v > 1 ? 1 : v < -1 ? -1 : v) * 32767);
		}
		channels = 1;
		bits = 16;
	}
	if (!s || bits != 16 || !rate || !channels) {
		fprintf(stderr, "tonecheck: %s: not an S16_LE or FLOAT_LE WAV file\n", argv[1]);
		return 2;
	}
	const int floor = 50;
	size_t first = frames, last = 0, crossings = 0, gap = 0, maxgap = 0;
	for (size_t i = 0; i < frames; i++)
		if (abs(s[i * channels]) > floor) {
			if (first == frames)
				first = i;
			last = i;
		}
	for (size_t i = first + 1; i <= last && first < frames; i++) {
		if ((s[(i - 1) * channels] < 0) != (s[i * channels] < 0))
			crossings++;
		gap = abs(s[i * channels]) <= floor ? gap + 1 : 0;
		if (gap > maxgap)
			maxgap = gap;
	}
	double len = first < frames ? (double)(last - first) / rate : 0;
	double freq = len > 0 ? crossings / 2.0 / len : 0;
	double want_len = atof(argv[2]), want_hz = atof(argv[3]);
	printf("length %.4f s freq %.2f Hz gap %zu\n", len, freq, maxgap);
	return fabs(len - want_len) <= 0.02 * want_len && fabs(freq - want_hz) <= 0.01 * want_hz && maxgap <= 2 ? 0 : 1;
}
