/* SPDX-License-Identifier: MIT */
/*
 * envelope.h - a clock rate measured robustly, as rtp-recv's RateEstimator
 * does: delays are one-sided (a packet or a read can be late, never early),
 * so per second of time only the least-delayed point (time, frames) is kept,
 * and the rate is the least-squares slope through those points.  A stall of
 * tens of ms moves no point; plain least squares over every point would be
 * pulled by several ppm.  "Least delayed" is judged against the rate itself
 * (x - y / rate), so the fit is repeated with its own result: ranked against
 * a nominal rate 200 ppm off, the last point of every second would win.
 */
#ifndef RTP_ENVELOPE_H
#define RTP_ENVELOPE_H

#include <stdlib.h>

struct envelope {
	double nominal;		/* frames per second, the first ranking rate */
	double *x, *y;		/* seconds since the start, frames */
	long n, cap;
};

static inline void env_init(struct envelope *e, double nominal)
{
	memset(e, 0, sizeof(*e));
	e->nominal = nominal;
}

static inline void env_add(struct envelope *e, double x, double y)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 4096;
		e->x = realloc(e->x, e->cap * sizeof(double));
		e->y = realloc(e->y, e->cap * sizeof(double));
		if (!e->x || !e->y)
			abort();
	}
	e->x[e->n] = x;
	e->y[e->n] = y;
	e->n++;
}

/* one fit: per second the point with the least x - y / rank, then least squares */
static inline double env_fit(const struct envelope *e, double rank)
{
	double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, bx = 0, by = 0, bd = 0;
	long bin = -1;

	for (long i = 0; i <= e->n; i++) {
		long b = i < e->n ? (long)e->x[i] : bin + 1;
		if (b > bin) {
			if (bin >= 0) {
				n++; sx += bx; sy += by; sxx += bx * bx; sxy += bx * by;
			}
			if (i == e->n)
				break;
			bin = b;
			bd = 1e300;
		}
		double d = e->x[i] - e->y[i] / rank;
		if (d < bd) {
			bd = d;
			bx = e->x[i];
			by = e->y[i];
		}
	}
	return n >= 3 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
}

/* frames per second; 0 before 3 whole seconds */
static inline double env_rate(const struct envelope *e)
{
	double r = e->nominal;

	for (int pass = 0; pass < 4 && r > 0; pass++)
		r = env_fit(e, r);
	return r;
}
#endif
