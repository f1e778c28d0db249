/* SPDX-License-Identifier: MIT */
/*
 * envelope.h - a clock rate measured robustly, as rtp-recv's RateEstimator
 * does: delays are one-sided (a packet or a read can be late, never early),
 * so per second of time only the least-delayed point (time, frames) is kept,
 * and the rate is the least-squares slope through those points.  A stall of
 * tens of ms moves no point; plain least squares over every point would be
 * pulled by several ppm.
 */
#ifndef RTP_ENVELOPE_H
#define RTP_ENVELOPE_H

struct envelope {
	double nominal;		/* frames per second, only to rank delays */
	long bin;		/* current second, -1 before the first point */
	double bx, by, bd;	/* least-delayed point of the current second */
	double n, sx, sy, sxx, sxy;
};

static inline void env_init(struct envelope *e, double nominal)
{
	memset(e, 0, sizeof(*e));
	e->nominal = nominal;
	e->bin = -1;
}

static inline void env_flush(struct envelope *e)
{
	if (e->bin < 0)
		return;
	e->n++;
	e->sx += e->bx;
	e->sy += e->by;
	e->sxx += e->bx * e->bx;
	e->sxy += e->bx * e->by;
}

/* x: seconds since the start, y: frames */
static inline void env_add(struct envelope *e, double x, double y)
{
	long b = (long)x;
	double d = x - y / e->nominal;

	if (b > e->bin) {
		env_flush(e);
		e->bin = b;
		e->bd = d + 1;
	}
	if (d < e->bd) {
		e->bd = d;
		e->bx = x;
		e->by = y;
	}
}

/* frames per second; 0 before 3 whole seconds */
static inline double env_rate(struct envelope *e)
{
	if (e->n < 3)
		return 0;
	return (e->n * e->sxy - e->sx * e->sy) / (e->n * e->sxx - e->sx * e->sx);
}
#endif
