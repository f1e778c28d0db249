/* SPDX-License-Identifier: MIT */
/*
 * rtp-capture - reads pcmC0D1c substream N through the mount (raw ioctls)
 * while rtp-recv feeds the other end, and checks what rtp-send sent.
 *
 * usage: SNDFUSE_MOUNT=DIR rtp-capture [-s SUB] [-f L16|L24] [-r RATE]
 *            [-c CH] [-P PERIOD] [-B BUFFER] -d SECONDS [-H] [-W SECONDS] [-T LOG]
 *
 * Frames carry rtp-send's counter (L16: ch0 low 16 bits, ch1 high 16 bits;
 * L24 in S32_LE: ch0 >> 8 = low 24 bits, (ch1 >> 8) - 1 = high 8 bits);
 * all-zero frames are silence.  Checks: once the counter appears, every
 * frame is the previous + 1 (bit-exact, no resampling), except that with -H
 * a silent run of L frames (a lost packet) must be followed by previous +
 * 1 + L.  Rate: the capture's own clock as ALSA reports it: with tstamp_mode
 * ENABLE, STATUS after each read gives hw_ptr and the CLOCK_MONOTONIC time it
 * last moved (snd_pcm_update_hw_ptr0 stamps it; here: the moment the utimer
 * tick moved the period; at most ~100 STATUS calls a second).  A least-squares
 * line through the per-second
 * least-delayed (tstamp, hw_ptr) points of the reads that carried the
 * counter (envelope.h), the first -W seconds of the stream (default 1) left
 * out: buffers fill then.  Read times would add the reader's own wake-up
 * jitter.  Prints
 *   capture frames=N counted=N first=N last=N holes=N hole_frames=N
 *           errors=N xruns=N rate=R
 * and exits 1 on any error or xrun.  -T LOG: "COUNTER NS" per read;
 * -S LOG: "HW_PTR TSTAMP_NS" per read that went into the rate.
 */
#define _GNU_SOURCE
#include <sndfuse/pcm.h>
#include <time.h>
#include "envelope.h"

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(int argc, char **argv)
{
	int sub = 0, l24 = 0, rate = 48000, ch = 2, holes_ok = 0, opt;
	unsigned period = 480, buffer = 0;
	double seconds = 0, warm = 1;
	const char *log_path = NULL, *stamp_path = NULL;

	while ((opt = getopt(argc, argv, "s:f:r:c:P:B:d:HW:T:S:")) != -1) {
		switch (opt) {
		case 's': sub = atoi(optarg); break;
		case 'f': l24 = !strcmp(optarg, "L24"); break;
		case 'r': rate = atoi(optarg); break;
		case 'c': ch = atoi(optarg); break;
		case 'P': period = atoi(optarg); break;
		case 'B': buffer = atoi(optarg); break;
		case 'd': seconds = atof(optarg); break;
		case 'H': holes_ok = 1; break;
		case 'W': warm = atof(optarg); break;
		case 'T': log_path = optarg; break;
		case 'S': stamp_path = optarg; break;
		default: fprintf(stderr, "rtp-capture: see the comment at the top of rtp-capture.c\n"); return 2;
		}
	}
	if (seconds <= 0 || seconds > 600 || ch < 2 || period == 0) {
		fprintf(stderr, "rtp-capture: -d 0..600 s, -c >= 2 and -P > 0 needed\n");
		return 2;
	}
	if (!buffer)
		buffer = period * 16;
	int fd = sp_open_sub(1, SP_CAPTURE, sub, 0);
	if (fd < 0) {
		perror("rtp-capture: open pcmC0D1c");
		return 1;
	}
	struct sp_config cfg = sp_config_s16(rate, period, buffer);
	cfg.channels = ch;
	if (l24)
		cfg.format = SNDRV_PCM_FORMAT_S32_LE;
	struct snd_pcm_sw_params sw;
	memset(&sw, 0, sizeof(sw));
	sw.tstamp_mode = SNDRV_PCM_TSTAMP_ENABLE;
	sw.tstamp_type = SNDRV_PCM_TSTAMP_TYPE_MONOTONIC;
	sw.period_step = 1;
	sw.avail_min = period;
	sw.start_threshold = 1;
	sw.stop_threshold = buffer;
	sw.proto = SNDRV_PCM_VERSION;
	if (sp_set_hw(fd, &cfg, NULL) < 0 || ioctl(fd, SNDRV_PCM_IOCTL_SW_PARAMS, &sw) < 0 ||
	    sp_prepare(fd) < 0 || sp_start(fd) < 0) {
		perror("rtp-capture: hw/sw params, prepare, start");
		return 1;
	}
	int sb = l24 ? 4 : 2;
	size_t fb = (size_t)sb * ch;
	unsigned char *buf = malloc(period * fb);
	FILE *log = log_path ? fopen(log_path, "w") : NULL;
	FILE *stamps = stamp_path ? fopen(stamp_path, "w") : NULL;
	long long end = now_ns() + (long long)(seconds * 1e9);
	long frames = 0, counted = 0, holes = 0, hole_frames = 0, errors = 0, xruns = 0, run = 0;
	int have = 0;
	uint32_t first = 0, last = 0;
	struct envelope env;
	env_init(&env, rate);
	long long tbase = now_ns();
	long reads = 0, stride = rate / period / 100 > 1 ? rate / period / 100 : 1;	/* <= ~100 STATUS/s */

	while (now_ns() < end) {
		long got = sp_readi(fd, buf, period);
		long long t = now_ns();
		if (got < 0) {
			if (errno == EPIPE) {
				xruns++;
				fprintf(stderr, "rtp-capture: xrun at frame %ld\n", frames);
				if (sp_prepare(fd) < 0 || sp_start(fd) < 0)
					break;
				continue;
			}
			perror("rtp-capture: READI");
			errors++;
			break;
		}
		int carried = 0;
		for (long i = 0; i < got; i++) {
			const unsigned char *p = buf + i * fb;
			uint32_t c0, c1, v;
			if (l24) {
				c0 = ((uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]) >> 8;
				c1 = ((uint32_t)p[7] << 24 | p[6] << 16 | p[5] << 8 | p[4]) >> 8;
				if (!c0 && !c1) { v = 0; } else {
					v = ((c1 - 1) << 24) | c0;
					if (p[0] || p[4])
						errors++;	/* the low byte of S32 must stay 0 */
				}
			} else {
				c0 = p[0] | p[1] << 8;
				c1 = p[2] | p[3] << 8;
				v = c1 << 16 | c0;
			}
			if (v == 0) {
				if (have)
					run++;
				continue;
			}
			if (!have) {
				have = 1;
				first = v;
			} else if (v != last + 1 + (uint32_t)run || (run && !holes_ok)) {
				if (errors < 10)
					fprintf(stderr, "rtp-capture: frame %ld: %u after %u and %ld silent\n",
						frames + i, v, last, run);
				errors++;
			} else if (run) {
				holes++;
				hole_frames += run;
			}
			run = 0;
			last = v;
			counted++;
			carried = 1;
		}
		frames += got;
		reads++;
		if (carried && last - first >= warm * rate && reads % stride == 0) {
			struct snd_pcm_status st;
			if (sp_status(fd, &st) == 0 && st.tstamp.tv_sec > 0) {
				long long ts = st.tstamp.tv_sec * 1000000000ll + st.tstamp.tv_nsec;
				env_add(&env, (ts - tbase) / 1e9, (double)st.hw_ptr);
				if (stamps)
					fprintf(stamps, "%lu %lld\n", (unsigned long)st.hw_ptr, ts);
			}
			if (log)
				fprintf(log, "%u %lld\n", last, t);
		}
	}
	double r = env_rate(&env);
	printf("capture frames=%ld counted=%ld first=%u last=%u holes=%ld hole_frames=%ld errors=%ld xruns=%ld rate=%.4f\n",
	       frames, counted, first, last, holes, hole_frames, errors, xruns, r);
	if (log)
		fclose(log);
	close(fd);
	return errors || xruns ? 1 : 0;
}
