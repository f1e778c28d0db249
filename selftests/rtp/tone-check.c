/* SPDX-License-Identifier: MIT */
/*
 * tone-check - is a captured WAV (S16_LE, 2 ch, 44-byte header as arecord
 * writes it) a continuous sine of the expected frequency?
 *
 * usage: tone-check FILE.wav RATE HZ MIN_SECONDS
 *
 * From the first non-silent frame, every 10 ms window of channel 0 up to the
 * last non-silent frame must hold a peak above 1000 and 2 * HZ / 100 zero
 * crossings (+-1): no gap, no click, the right pitch.  The whole run's
 * crossings give the frequency, which must be within 0.5 Hz.  At least
 * MIN_SECONDS of tone.  Prints "tone seconds=S hz=F bad_windows=N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: tone-check FILE.wav RATE HZ MIN_SECONDS\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	long rate = atol(argv[2]);
	double hz = atof(argv[3]), min_s = atof(argv[4]);
	fseek(f, 0, SEEK_END);
	long bytes = ftell(f) - 44;
	if (bytes <= 0) {
		fprintf(stderr, "tone-check: no data\n");
		return 1;
	}
	fseek(f, 44, SEEK_SET);
	long n = bytes / 4;
	short *s = malloc(n * 4);
	if (!s || fread(s, 4, n, f) != (size_t)n) {
		fprintf(stderr, "tone-check: short read\n");
		return 1;
	}
	long first = 0, last = n - 1;
	while (first < n && s[2 * first] == 0 && s[2 * first + 1] == 0)
		first++;
	while (last > first && s[2 * last] == 0 && s[2 * last + 1] == 0)
		last--;
	long win = rate / 100, bad = 0, crossings = 0, windows = 0;
	double want = 2 * hz / 100;
	for (long w = first; w + win <= last; w += win, windows++) {
		int peak = 0, cross = 0;
		for (long i = w; i < w + win; i++) {
			int v = abs(s[2 * i]);
			if (v > peak)
				peak = v;
			if (i > w && (s[2 * i - 2] < 0) != (s[2 * i] < 0))
				cross++;
		}
		if (peak < 1000 || cross < want - 1.5 || cross > want + 1.5) {
			if (bad < 5)
				fprintf(stderr, "tone-check: window at %.3f s: peak %d, %d crossings\n",
					(double)w / rate, peak, cross);
			bad++;
		}
	}
	for (long i = first + 1; i <= last; i++)
		if ((s[2 * i - 2] < 0) != (s[2 * i] < 0))
			crossings++;
	double secs = (double)(last - first) / rate;
	double f_est = secs > 0 ? crossings / 2.0 / secs : 0;
	printf("tone seconds=%.3f hz=%.2f bad_windows=%ld windows=%ld\n", secs, f_est, bad, windows);
	return bad == 0 && secs >= min_s && f_est > hz - 0.5 && f_est < hz + 0.5 ? 0 : 1;
}
