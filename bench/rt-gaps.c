// SPDX-License-Identifier: MIT
/*
 * rt-gaps - what happened to a continuous tone on its way through a sound server and the loopback, for
 * bench/realtime: FILE is raw FLOAT_LE mono at RATE (one channel as arecord -I writes it), holding a sine of HZ
 * that was playing before the recording started and until after it ended. Between the first and the last sounding
 * sample it counts
 *   gaps      runs of near-silent samples (|x| <= 0.001) lasting at least MIN_MS (default 1 ms): a cycle the
 *             server lost, or a playback that underran; with their total and the longest
 *   dropouts  shorter runs of more than 2 near-silent samples (a sine of amplitude 0.2 at a few hundred Hz has at
 *             most one such sample per zero crossing)
 *   jumps     places where the waveform does not continue as a sine of HZ would, away from silence: frames
 *             skipped or repeated (a capture overrun, a cycle replayed). A sampled sine obeys
 *             x[i] = 2 cos(w) x[i-1] - x[i-2]; a jump is an error above 0.001 (the float rounding is ~1e-7).
 *             "alone": the jumps more than 10 ms away from any run of silence (most come with a gap, at its edge)
 *   freq      zero crossings / 2 / the sounding time, to show the tone is the one expected
 * usage: rt-gaps [-v] FILE RATE HZ [MIN_MS]     (-v: each gap, dropout and jump on stderr, with its time)
 * prints "seconds S span_s P gaps G gap_ms T longest_ms L dropouts D jumps J alone A freq F"; exit 2 if FILE cannot be
 * read, 1 if it holds no sound, 0 otherwise (nothing is judged: the figures are reported).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 0.001f
#define RECENT 64

int main(int argc, char **argv)
{
	int verbose = argc > 1 && !strcmp(argv[1], "-v");
	argc -= verbose;
	argv += verbose;
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: rt-gaps [-v] FILE RATE HZ [MIN_MS]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	double rate = atof(argv[2]), hz = atof(argv[3]), min_ms = argc == 5 ? atof(argv[4]) : 1.0;
	long min_run = (long)ceil(min_ms * rate / 1000);
	double k = 2 * cos(2 * M_PI * hz / rate);

	static float buf[1 << 16];
	size_t got;
	long i = 0, first = -1, last = -1, quiet = 0; // quiet: the current run of near-silent samples
	long gaps = 0, gap_samples = 0, longest = 0, dropouts = 0, jumps = 0, crossings = 0, skip = 0;
	long near = (long)(rate / 100), alone = 0, silence_end = -1, recent[RECENT], n_recent = 0; // jumps alone so far
	float x1 = 0, x2 = 0; // the two samples before this one
	int sign = 0;         // the sign of the last sounding sample
	while ((got = fread(buf, sizeof(float), sizeof(buf) / sizeof(float), f)) > 0) {
		for (size_t j = 0; j < got; j++, i++) {
			float x = buf[j];
			if (fabsf(x) <= QUIET) {
				quiet++;
				x2 = x1;
				x1 = x;
				continue;
			}
			if (first < 0) {
				first = i;
				skip = 2;
			} else if (quiet > 2) { // a run of silence ends inside the tone
				if (verbose)
					fprintf(stderr, "rt-gaps: %s of %.2f ms at %.4f s\n", quiet >= min_run ? "gap" : "dropout",
						quiet * 1000 / rate, (i - quiet) / rate);
				if (quiet >= min_run) {
					gaps++;
					gap_samples += quiet;
					longest = quiet > longest ? quiet : longest;
				} else {
					dropouts++;
				}
				skip = 2; // the waveform restarts here: no prediction across the silence
				for (long r = 0; r < n_recent; r++) // the jumps just before it were its edge, not alone
					alone -= recent[r] >= i - quiet - near;
				n_recent = 0;
				silence_end = i;
			}
			quiet = 0;
			if (skip > 0) {
				skip--;
			} else if (fabs(x - (k * x1 - x2)) > 0.001) {
				jumps++;
				skip = 2;
				if (silence_end < 0 || i - silence_end > near) {
					alone++;
					if (n_recent == RECENT)
						memmove(recent, recent + 1, (RECENT - 1) * sizeof(*recent)), n_recent--;
					recent[n_recent++] = i;
				}
				if (verbose)
					fprintf(stderr, "rt-gaps: jump at %.4f s (%.4f where %.4f was due)\n", i / rate, x,
						k * x1 - x2);
			}
			int s = x > 0 ? 1 : -1;
			crossings += sign && s != sign;
			sign = s;
			last = i;
			x2 = x1;
			x1 = x;
		}
	}
	fclose(f);
	if (first < 0) {
		printf("seconds %.3f span_s 0 gaps 0 gap_ms 0 longest_ms 0 dropouts 0 jumps 0 alone 0 freq 0\n", i / rate);
		return 1;
	}
	double span = (last - first + 1) / rate, sounding = span - gap_samples / rate;
	printf("seconds %.3f span_s %.3f gaps %ld gap_ms %.1f longest_ms %.1f dropouts %ld jumps %ld alone %ld freq %.2f\n",
	       i / rate, span, gaps, gap_samples * 1000 / rate, longest * 1000 / rate, dropouts, jumps, alone,
	       sounding > 0 ? crossings / 2.0 / sounding : 0);
	return 0;
}
