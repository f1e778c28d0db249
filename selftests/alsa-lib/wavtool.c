// SPDX-License-Identifier: MIT
/*
 * wavtool - tiny helper of run-aplay.sh (S16_LE stereo WAV files only).
 *
 *   wavtool gen OUT.wav SECONDS RATE [SILENT]
 *       writes a 440 Hz tone (cosine, so the very first frame is loud) with
 *       a 660 Hz tone on the right channel, amplitude 12000, with SILENT
 *       frames of silence before and after it (default none).
 *   wavtool match CAPTURED.wav SOURCE.wav
 *       finds the first frame of the capture that is not silence and checks
 *       that the source's frames follow from there byte for byte; the
 *       frames before must be silence.  Prints one line, exit 0 if so.
 *   wavtool split SOURCE.wav LEFT.raw RIGHT.raw
 *       writes each channel's samples to its own raw file (aplay -I input).
 *   wavtool matchn LEFT.raw RIGHT.raw SOURCE.wav
 *       match for a capture in one raw file per channel (arecord -I output).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME	4	/* S16_LE x 2 */

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int gen(const char *path, double seconds, unsigned int rate, uint32_t silent)
{
	uint32_t tone = (uint32_t)(seconds * rate), frames = silent + tone + silent, bytes = frames * FRAME;
	unsigned char hdr[44];
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return 1;
	}
	memcpy(hdr, "RIFF", 4);
	put32(hdr + 4, 36 + bytes);
	memcpy(hdr + 8, "WAVEfmt ", 8);
	put32(hdr + 16, 16);
	put16(hdr + 20, 1);			/* PCM */
	put16(hdr + 22, 2);			/* channels */
	put32(hdr + 24, rate);
	put32(hdr + 28, rate * FRAME);
	put16(hdr + 32, FRAME);
	put16(hdr + 34, 16);
	memcpy(hdr + 36, "data", 4);
	put32(hdr + 40, bytes);
	fwrite(hdr, 1, sizeof(hdr), f);
	for (uint32_t n = 0; n < frames; n++) {
		unsigned char fr[FRAME];
		uint32_t i = n - silent;	/* the tone's frame; wraps (so >= tone) in the lead */
		double t = (double)i / rate;
		int l = i < tone ? (int)lrint(12000.0 * cos(2 * M_PI * 440.0 * t)) : 0;
		int r = i < tone ? (int)lrint(12000.0 * cos(2 * M_PI * 660.0 * t)) : 0;

		put16(fr, (unsigned int)(l & 0xffff));
		put16(fr + 2, (unsigned int)(r & 0xffff));
		fwrite(fr, 1, FRAME, f);
	}
	return fclose(f) ? 1 : 0;
}

/* A whole file (malloc'ed); *len gets its length. */
static unsigned char *read_all(const char *path, size_t *len)
{
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		return NULL;
	}
	for (;;) {
		size_t r;

		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				return NULL;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The data chunk of a WAV file (malloc'ed); *len gets its length. */
static unsigned char *load(const char *path, size_t *len)
{
	unsigned char *buf, *data;
	size_t n = 0, pos = 12;

	buf = read_all(path, &n);
	if (!buf)
		return NULL;
	if (n < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4)) {
		fprintf(stderr, "%s: not a WAV file\n", path);
		return NULL;
	}
	while (pos + 8 <= n) {
		uint32_t size = get32(buf + pos + 4);

		if (!memcmp(buf + pos, "data", 4)) {
			size_t avail = n - pos - 8;

			/* arecord may leave the size unset when interrupted */
			*len = size && size <= avail ? size : avail;
			data = malloc(*len ? *len : 1);
			if (!data)
				return NULL;
			memcpy(data, buf + pos + 8, *len);
			free(buf);
			return data;
		}
		pos += 8 + size + (size & 1);
	}
	fprintf(stderr, "%s: no data chunk\n", path);
	return NULL;
}

/* After a mismatch at tone byte AT (frame-aligned): what the capture holds from there, so a failure tells a
 * tail that never arrived (silence to the end) from frames dropped or repeated (the tone resumes elsewhere). */
static void describe_rest(const unsigned char *c, size_t clen, const unsigned char *s, size_t slen, size_t at)
{
	size_t z = at;

	while (z + FRAME <= clen && !memcmp(c + z, "\0\0\0\0", FRAME))
		z += FRAME;
	if (z + FRAME > clen) {
		printf("; silence from there to the end of the capture (%zu frames)\n", (clen - at) / FRAME);
		return;
	}
	printf("; %zu frames of silence, then", (z - at) / FRAME);
	size_t n = 64 * FRAME;
	if (z + n > clen)
		n = clen - z - (clen - z) % FRAME;
	/* a sine repeats, so take the match nearest to where the tone would be had nothing moved */
	size_t best = SIZE_MAX, bestd = SIZE_MAX;
	for (size_t j = 0; j + n <= slen; j += FRAME) {
		size_t d = j > z ? j - z : z - j;
		if (d < bestd && !memcmp(c + z, s + j, n)) {
			best = j;
			bestd = d;
		}
	}
	if (best != SIZE_MAX) {
		printf(" the tone resumes at its frame %zu (%zu frames %s)\n", best / FRAME, bestd / FRAME,
		       best > z ? "of the tone missing" : "inserted");
		return;
	}
	printf(" data that is no part of the tone\n");
}

static int match_data(unsigned char *c, size_t clen, const unsigned char *s, size_t slen)
{
	size_t off = 0;

	clen -= clen % FRAME;
	while (off < clen && !c[off])
		off++;
	off -= off % FRAME;
	if (off >= clen) {
		printf("capture of %zu frames is all silence\n", clen / FRAME);
		return 1;
	}
	if (clen - off < slen) {
		printf("tone starts at frame %zu but only %zu of its %zu frames were captured\n",
		       off / FRAME, (clen - off) / FRAME, slen / FRAME);
		return 1;
	}
	for (size_t i = 0; i < slen; i++) {
		if (c[off + i] != s[i]) {
			printf("tone starts at frame %zu; frame %zu differs (byte 0x%02x, want 0x%02x)",
			       off / FRAME, i / FRAME, c[off + i], s[i]);
			describe_rest(c + off, clen - off, s, slen, i - i % FRAME);
			return 1;
		}
	}
	printf("captured %zu frames: %zu frames of silence, then all %zu tone frames byte-exact\n",
	       clen / FRAME, off / FRAME, slen / FRAME);
	return 0;
}

static int match(const char *cpath, const char *spath)
{
	size_t clen = 0, slen = 0;
	unsigned char *c = load(cpath, &clen), *s = load(spath, &slen);

	if (!c || !s)
		return 2;
	return match_data(c, clen, s, slen);
}

static int split(const char *spath, const char *lpath, const char *rpath)
{
	size_t len = 0;
	unsigned char *s = load(spath, &len);
	FILE *l = fopen(lpath, "wb"), *r = fopen(rpath, "wb");

	if (!s || !l || !r)
		return 2;
	for (size_t i = 0; i + FRAME <= len; i += FRAME) {
		fwrite(s + i, 1, 2, l);
		fwrite(s + i + 2, 1, 2, r);
	}
	return fclose(l) | fclose(r) ? 1 : 0;
}

static int matchn(const char *lpath, const char *rpath, const char *spath)
{
	size_t llen = 0, rlen = 0, slen = 0, frames;
	unsigned char *l = read_all(lpath, &llen), *r = read_all(rpath, &rlen), *s = load(spath, &slen), *c;

	if (!l || !r || !s)
		return 2;
	frames = (llen < rlen ? llen : rlen) / 2;
	c = malloc(frames * FRAME + 1);
	if (!c)
		return 2;
	for (size_t i = 0; i < frames; i++) {
		memcpy(c + i * FRAME, l + i * 2, 2);
		memcpy(c + i * FRAME + 2, r + i * 2, 2);
	}
	return match_data(c, frames * FRAME, s, slen);
}

int main(int argc, char **argv)
{
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "gen"))
		return gen(argv[2], atof(argv[3]), (unsigned int)atoi(argv[4]),
			   argc == 6 ? (uint32_t)atoi(argv[5]) : 0);
	if (argc == 4 && !strcmp(argv[1], "match"))
		return match(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "split"))
		return split(argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "matchn"))
		return matchn(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: wavtool gen OUT SECONDS RATE [SILENT] | match CAPTURED SOURCE | split SOURCE L R | "
		"matchn L R SOURCE\n");
	return 2;
}
