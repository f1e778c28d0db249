// SPDX-License-Identifier: MIT
/*
 * tonegaps - what arrived of a tone, with the gaps counted instead of failing on them: run-pipewire.sh checks
 * what a sound server played or recorded, where a late wake-up may cost a stretch of silence (or of frames) that
 * says something about scheduling, not about whether the audio path works.
 *
 * Channel 0 of the capture (S16_LE or FLOAT_LE WAV, any channel count; or with "float32:RATE" raw FLOAT_LE mono,
 * as arecord -I writes one channel) is read, and between its first and last sample above the noise floor:
 *   onset     where the first sounding sample is, from the start of the file
 *   span      first to last sounding sample
 *   sounding  the span less its gaps (runs of more than 2 near-silent samples: a 440 Hz tone at the amplitude of
 *             wavtool's has at most one per zero crossing)
 *   freq      zero crossings inside the sounding runs / 2 / sounding
 *   gaps      how many, and the longest in samples
 * usage: tonegaps FILE SECONDS HZ [float32:RATE]
 * prints "onset S s span S s sounding S s freq F Hz gaps N longest M"; exit 0 when sounding is within 10% of SECONDS and
 * freq within 1% of HZ (the gaps are reported only), 1 otherwise, 2 when the file cannot be read.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int main(int argc, char **argv)
{
	if (argc != 4 && !(argc == 5 && !strncmp(argv[4], "float32:", 8))) {
		fprintf(stderr, "usage: tonegaps FILE SECONDS HZ [float32:RATE]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, n = 0, got;
	unsigned char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "tonegaps: out of memory\n");
		return 2;
	}

	unsigned int rate = 0, channels = 0, bits = 0, tag = 0;
	const unsigned char *data = NULL;
	size_t frames = 0;
	if (argc == 5) {
		tag = 3;
		bits = 32;
		channels = 1;
		rate = (unsigned int)atoi(argv[4] + 8);
		data = buf;
		frames = n / 4;
	}
	for (size_t pos = 12; argc == 4 && n >= 12 && !memcmp(buf, "RIFF", 4) && pos + 8 <= n;) {
		uint32_t sz = get32(buf + pos + 4);
		if (!memcmp(buf + pos, "fmt ", 4) && pos + 24 <= n) {
			tag = buf[pos + 8] | buf[pos + 9] << 8;
			channels = buf[pos + 10] | buf[pos + 11] << 8;
			rate = get32(buf + pos + 12);
			bits = buf[pos + 22] | buf[pos + 23] << 8;
			if (tag == 0xfffe && pos + 34 <= n) // WAVE_FORMAT_EXTENSIBLE: the subformat's first two bytes
				tag = buf[pos + 32] | buf[pos + 33] << 8;
		} else if (!memcmp(buf + pos, "data", 4)) {
			size_t bytes = n - pos - 8 < sz ? n - pos - 8 : sz; // a header a killed writer left unfinished
			data = buf + pos + 8;
			if (bits && channels)
				frames = bytes / (bits / 8) / channels;
			break;
		}
		pos += 8 + sz + (sz & 1);
	}
	if (!data || !rate || !channels || !((tag == 1 && bits == 16) || (tag == 3 && bits == 32))) {
		fprintf(stderr, "tonegaps: %s: not S16_LE or FLOAT_LE WAV (or raw FLOAT_LE with float32:RATE)\n", argv[1]);
		return 2;
	}

	// channel 0 scaled to 16 bits
	int *s = malloc((frames ? frames : 1) * sizeof(*s));
	if (!s) {
		fprintf(stderr, "tonegaps: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < frames; i++) {
		const unsigned char *p = data + i * channels * (bits / 8);
		if (bits == 16) {
			s[i] = (int16_t)(p[0] | p[1] << 8);
		} else {
			float v;
			uint32_t u = get32(p);
			memcpy(&v, &u, sizeof(v));
			s[i] = (int)lrintf((v > 1 ? 1 : v < -1 ? -1 : v) * 32767);
		}
	}

	const int floor = 50;
	size_t first = frames, last = 0;
	for (size_t i = 0; i < frames; i++)
		if (abs(s[i]) > floor) {
			if (first == frames)
				first = i;
			last = i;
		}
	size_t crossings = 0, quiet = 0, gaps = 0, gap_samples = 0, longest = 0;
	for (size_t i = first + 1; first < frames && i <= last; i++) {
		if (abs(s[i]) <= floor) {
			quiet++;
			continue;
		}
		if (quiet > 2) { // a gap ends here: its samples are not sounding, and no crossing is counted across it
			gaps++;
			gap_samples += quiet;
			if (quiet > longest)
				longest = quiet;
		} else if ((s[i - 1 - quiet] < 0) != (s[i] < 0)) {
			crossings++;
		}
		quiet = 0;
	}
	double span = first < frames ? (double)(last - first + 1) / rate : 0;
	double sounding = first < frames ? (double)(last - first + 1 - gap_samples) / rate : 0;
	double freq = sounding > 0 ? crossings / 2.0 / sounding : 0;
	double want_len = atof(argv[2]), want_hz = atof(argv[3]);
	printf("onset %.4f s span %.4f s sounding %.4f s freq %.2f Hz gaps %zu longest %zu\n",
	       first < frames ? (double)first / rate : 0, span, sounding, freq, gaps, longest);
	free(s);
	free(buf);
	return fabs(sounding - want_len) <= 0.1 * want_len && fabs(freq - want_hz) <= 0.01 * want_hz ? 0 : 1;
}
