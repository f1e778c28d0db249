/* SPDX-License-Identifier: MIT */
/*
 * rtp-send - the selftests' RTP sender: L16/L24 packets carrying a frame
 * counter, paced on CLOCK_MONOTONIC at a chosen clock error, with optional
 * deterministic loss, reordering, duplicates and a garbage storm.
 *
 * usage: rtp-send -a 127.0.0.1:PORT [-f L16|L24] [-r RATE] [-c CH] [-n FRAMES]
 *                 [-d SECONDS] [-p PPM] [-l LOSS%] [-o REORDER%] [-u DUP%]
 *                 [-g GARBAGE-PER-PACKET] [-s SSRC] [-t PT] [-T LOG]
 *
 * Frame n carries n: L16 channel 0 = n & 0xffff, channel 1 = n >> 16;
 * L24 channel 0 = n & 0xffffff, channel 1 = (n >> 24) + 1; more channels
 * repeat channel 0.  The counter starts at 1 << 20, so no frame is silent.
 * Packet k leaves at t0 + k * FRAMES / (RATE * (1 + PPM / 1e6)) seconds.
 * Loss, reordering (a sent packet swapped with the next sent one) and
 * duplicates spare the first and last second, so a receiver can see every
 * one of them.  Garbage: random bytes (never RTP version 2), truncated
 * headers, the wrong payload type, a payload of no whole frames.
 * The destination must be a loopback address (127.0.0.0/8) or a 239/8
 * group; the selftests send to a group only inside a private network
 * namespace whose one interface is lo.
 * At the end one line: "sent packets=N dropped=N reordered=N duplicated=N
 * garbage=N frames=N last=N rate=R" (rate: frames per second of the actual
 * send times, least squares through the per-second least-delayed sends).  -T LOG: one "COUNTER_OF_LAST_FRAME NS" line per
 * packet, for latency measurements.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "envelope.h"

static int fd;
static struct sockaddr_in dst;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

static void send_raw(const unsigned char *b, size_t n)
{
	if (sendto(fd, b, n, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0 && errno != ECONNREFUSED) {
		perror("rtp-send: sendto");
		exit(1);
	}
}

static size_t header(unsigned char *b, int pt, unsigned seq, uint32_t ts, uint32_t ssrc)
{
	b[0] = 0x80;
	b[1] = pt & 0x7f;
	b[2] = seq >> 8;
	b[3] = seq;
	b[4] = ts >> 24; b[5] = ts >> 16; b[6] = ts >> 8; b[7] = ts;
	b[8] = ssrc >> 24; b[9] = ssrc >> 16; b[10] = ssrc >> 8; b[11] = ssrc;
	return 12;
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *log_path = NULL;
	int l24 = 0, rate = 48000, ch = 2, frames = 48, pt = 96, garbage = 0, opt;
	double seconds = 5, ppm = 0, loss = 0, reorder = 0, dup = 0;
	uint32_t ssrc = 0x51d0f0e5;

	while ((opt = getopt(argc, argv, "a:f:r:c:n:d:p:l:o:u:g:s:t:T:")) != -1) {
		switch (opt) {
		case 'a': addr = optarg; break;
		case 'f': l24 = !strcmp(optarg, "L24"); break;
		case 'r': rate = atoi(optarg); break;
		case 'c': ch = atoi(optarg); break;
		case 'n': frames = atoi(optarg); break;
		case 'd': seconds = atof(optarg); break;
		case 'p': ppm = atof(optarg); break;
		case 'l': loss = atof(optarg); break;
		case 'o': reorder = atof(optarg); break;
		case 'u': dup = atof(optarg); break;
		case 'g': garbage = atoi(optarg); break;
		case 's': ssrc = strtoul(optarg, NULL, 0); break;
		case 't': pt = atoi(optarg); break;
		case 'T': log_path = optarg; break;
		default: fprintf(stderr, "rtp-send: see the comment at the top of rtp-send.c\n"); return 2;
		}
	}
	char host[64];
	const char *colon = addr ? strrchr(addr, ':') : NULL;
	if (!colon || colon - addr >= (long)sizeof(host) || rate <= 0 || ch <= 0 || frames <= 0 ||
	    frames * ch * 3 > 1400 || seconds <= 0 || seconds > 600) {
		fprintf(stderr, "rtp-send: bad arguments (-a 127.0.0.1:PORT, frames*channels*3 <= 1400, -d <= 600)\n");
		return 2;
	}
	memcpy(host, addr, colon - addr);
	host[colon - addr] = 0;
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, host, &dst.sin_addr) != 1 ||
	    ((ntohl(dst.sin_addr.s_addr) >> 24) != 127 && (ntohl(dst.sin_addr.s_addr) >> 24) != 239)) {
		fprintf(stderr, "rtp-send: %s is neither a loopback nor a 239/8 multicast address\n", host);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("rtp-send: socket");
		return 1;
	}
	FILE *log = log_path ? fopen(log_path, "w") : NULL;

	int wb = l24 ? 3 : 2;
	long npk = (long)(seconds * rate / frames);
	long spare = rate / frames + 1;		/* packets in the first and last second */
	double interval = frames / (rate * (1 + ppm * 1e-6)) * 1e9;
	uint32_t counter0 = 1u << 20, ts0 = rnd();
	unsigned seq0 = rnd() & 0xffff;
	long sent = 0, dropped = 0, swapped = 0, duplicated = 0, junk = 0;
	struct envelope env;
	env_init(&env, rate);
	unsigned char held[1500], pkt[1500], bad[1500];
	size_t held_len = 0;
	long long t0 = now_ns() + 20000000;

	for (long k = 0; k < npk; k++) {
		long long due = t0 + (long long)(k * interval);
		struct timespec ts = { due / 1000000000ll, due % 1000000000ll };
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		uint32_t first = counter0 + (uint32_t)(k * frames);
		size_t n = header(pkt, pt, (seq0 + k) & 0xffff, ts0 + (uint32_t)(k * frames), ssrc);
		for (int f = 0; f < frames; f++) {
			uint32_t v = first + f;
			for (int c = 0; c < ch; c++) {
				uint32_t s = l24 ? (c == 1 ? (v >> 24) + 1 : v & 0xffffff) : (c == 1 ? v >> 16 : v & 0xffff);
				for (int b = wb - 1; b >= 0; b--)
					pkt[n++] = s >> (8 * b);
			}
		}
		int middle = k >= spare && k < npk - spare;
		long long t = now_ns();
		env_add(&env, (t - t0) / 1e9, (double)k * frames);
		if (log)
			fprintf(log, "%u %lld\n", first + frames - 1, t);
		for (int g = 0; g < garbage; g++) {
			size_t bn;
			switch (g % 4) {
			case 0:	/* random bytes, never version 2 */
				bn = rnd() % 200;
				for (size_t i = 0; i < bn; i++)
					bad[i] = rnd();
				if (bn)
					bad[0] = (bad[0] & 0x3f) | 0x40;
				break;
			case 1:	/* a truncated header */
				bn = 1 + rnd() % 11;
				memcpy(bad, pkt, bn);
				break;
			case 2:	/* the wrong payload type */
				bn = n;
				memcpy(bad, pkt, n);
				bad[1] = (pt + 1) & 0x7f;
				break;
			default:	/* a payload of no whole frames */
				bn = 12 + wb * ch + 1 + rnd() % (wb * ch - 1);
				memcpy(bad, pkt, bn);
				break;
			}
			send_raw(bad, bn);
			junk++;
		}
		if (middle && rnd() % 10000 < loss * 100) {
			dropped++;
			continue;
		}
		if (held_len) {		/* the held packet goes after this one */
			send_raw(pkt, n);
			send_raw(held, held_len);
			held_len = 0;
			sent += 2;
			swapped++;
			continue;
		}
		if (middle && k + 1 < npk - spare && rnd() % 10000 < reorder * 100) {
			memcpy(held, pkt, n);
			held_len = n;
			continue;
		}
		send_raw(pkt, n);
		sent++;
		if (middle && rnd() % 10000 < dup * 100) {
			send_raw(pkt, n);
			duplicated++;
		}
	}
	if (held_len) {
		send_raw(held, held_len);
		sent++;
	}
	double rate_fit = env_rate(&env);
	printf("sent packets=%ld dropped=%ld reordered=%ld duplicated=%ld garbage=%ld frames=%ld last=%u rate=%.4f\n",
	       sent, dropped, swapped, duplicated, junk, npk * frames, counter0 + (uint32_t)(npk * frames) - 1,
	       rate_fit);
	if (log)
		fclose(log);
	return 0;
}
