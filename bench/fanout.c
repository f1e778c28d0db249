/* Fan-out: U utimers x L listeners, every utimer triggered at RATE Hz for SECONDS; each listener has a thread
 * blocked in read(). Reports the triggers issued (and whether the schedule held), lost ticks (asked minus
 * read, per listener) and the wake latency of every tick (TRIGGER issued -> the listener's read() returned).
 * Every utimer has its own trigger thread on an absolute 1/RATE schedule (its owner, as independent clients
 * would be); -t N shares N trigger threads among them instead.
 * Usage: fanout [-t N] TIMER_NODE U L RATE SECONDS         (sndfuse: CREATE on TIMER_NODE, listeners SELECT G4.id)
 *        fanout [-t N] -f FLOOR_DIR U L RATE SECONDS       (bench/floor/floor-ll: files timer, timer1 .. timerU-1)
 * Last line: "fanout U=.. L=.. rate=.. asked=.. issued=.. lost=.. p50_us=.. p99_us=.. p999_us=.. max_us=.."
 * and exit 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "sndfuse/utimer.h"

#define RING 4096            /* trigger stamps kept per utimer */
#define BUCKET_NS 10000      /* latency histogram: 10 us buckets ... */
#define BUCKETS 20000        /* ... up to 200 ms, then one overflow bucket */

struct listener {
	int fd, utimer;
	long received;       /* ticks read so far */
	long offset;         /* trigger index of tick number 0 (set after the warm-up) */
};

static int nu, nl, floor_mode;
static int *owners;
static uint64_t (*stamps)[RING];      /* per utimer: when trigger i was issued */
static long *issued;                  /* per utimer: triggers issued so far */
static struct listener *lis;
static uint64_t hist[BUCKETS + 1];
static uint64_t max_ns;
static volatile int measuring;
static int nthreads;
static uint64_t period, periods, start, late;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *reader(void *arg)
{
	struct listener *l = arg;
	struct snd_timer_read r[64];
	for (;;) {
		ssize_t n = read(l->fd, r, floor_mode ? 8 : sizeof r);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return NULL;
		}
		uint64_t t = now_ns();
		long ticks = 0;
		for (ssize_t i = 0; i < n / 8; i++)
			ticks += r[i].ticks;
		if (measuring) {
			for (long k = l->received; k < l->received + ticks; k++) {
				uint64_t d = t - __atomic_load_n(&stamps[l->utimer][(k + l->offset) % RING], __ATOMIC_ACQUIRE);
				__atomic_add_fetch(&hist[d / BUCKET_NS < BUCKETS ? d / BUCKET_NS : BUCKETS], 1, __ATOMIC_RELAXED);
				uint64_t m = __atomic_load_n(&max_ns, __ATOMIC_RELAXED);
				while (d > m && !__atomic_compare_exchange_n(&max_ns, &m, d, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
					;
			}
		}
		__atomic_add_fetch(&l->received, ticks, __ATOMIC_RELEASE);
	}
}

static void trigger(int u)
{
	long i = issued[u];
	__atomic_store_n(&stamps[u][i % RING], now_ns(), __ATOMIC_RELEASE);
	if (ioctl(owners[u], SNDRV_TIMER_IOCTL_TRIGGER) < 0) {
		perror("TRIGGER");
		exit(1);
	}
	__atomic_store_n(&issued[u], i + 1, __ATOMIC_RELEASE);
}

/* trigger thread t: utimers t, t + nthreads, ... once per period */
static void *trigger_loop(void *arg)
{
	long t = (long)arg;
	for (uint64_t p = 0; p < periods; p++) {
		uint64_t due = start + p * period;
		struct timespec ts = { (time_t)(due / 1000000000ull), (long)(due % 1000000000ull) };
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (now_ns() > due + period)
			__atomic_add_fetch(&late, 1, __ATOMIC_RELAXED);
		for (int u = (int)t; u < nu; u += nthreads)
			trigger(u);
	}
	return NULL;
}

static long total_received(void)
{
	long s = 0;
	for (int i = 0; i < nu * nl; i++)
		s += __atomic_load_n(&lis[i].received, __ATOMIC_ACQUIRE);
	return s;
}

static int open_listener(const char *node, int u)
{
	char path[4096];
	if (floor_mode) {
		snprintf(path, sizeof path, u ? "%s/timer%d" : "%s/timer", node, u);
		return open(path, O_RDONLY);
	}
	int fd = open(node, O_RDONLY);
	struct snd_timer_select sel;
	struct snd_timer_params p;
	memset(&sel, 0, sizeof sel);
	sel.id.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
	sel.id.card = -1;
	sel.id.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
	sel.id.subdevice = u; /* set by main to the utimer's id */
	memset(&p, 0, sizeof p);
	p.flags = SNDRV_TIMER_PSFLG_AUTO;
	p.ticks = 1;
	p.queue_size = 1024;
	if (fd < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0 ||
	    ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0)
		return -1;
	return fd;
}

static double pct(double q, uint64_t total)
{
	uint64_t want = (uint64_t)(q * (double)total), seen = 0;
	for (int b = 0; b <= BUCKETS; b++) {
		seen += hist[b];
		if (seen > want)
			return (b + 1) * BUCKET_NS / 1e3; /* upper edge of the bucket, us */
	}
	return BUCKETS * BUCKET_NS / 1e3;
}

int main(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "ft:")) != -1) {
		if (opt == 'f')
			floor_mode = 1;
		else if (opt == 't')
			nthreads = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind < 5) {
		fprintf(stderr, "usage: fanout [-t THREADS] [-f] TIMER_NODE|FLOOR_DIR UTIMERS LISTENERS RATE SECONDS\n");
		return 2;
	}
	const char *node = argv[optind];
	nu = atoi(argv[optind + 1]);
	nl = atoi(argv[optind + 2]);
	double rate = atof(argv[optind + 3]), secs = atof(argv[optind + 4]);
	if (nthreads <= 0 || nthreads > nu)
		nthreads = nu;
	owners = calloc(nu, sizeof *owners);
	stamps = calloc(nu, sizeof *stamps);
	issued = calloc(nu, sizeof *issued);
	lis = calloc((size_t)nu * nl, sizeof *lis);
	int *ids = calloc(nu, sizeof *ids);
	for (int u = 0; u < nu; u++) {
		char path[4096];
		if (floor_mode)
			snprintf(path, sizeof path, u ? "%s/timer%d" : "%s/timer", node, u);
		owners[u] = open(floor_mode ? path : node, O_RDWR);
		struct snd_timer_uinfo ui = { .resolution = (uint64_t)(1e9 / rate) };
		if (owners[u] < 0 || (!floor_mode && ioctl(owners[u], SNDRV_TIMER_IOCTL_CREATE, &ui) < 0)) {
			fprintf(stderr, "fanout: utimer %d: %s\n", u, strerror(errno));
			return 1;
		}
		ids[u] = floor_mode ? u : (int)ui.id;
	}
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (int u = 0; u < nu; u++) {
		for (int k = 0; k < nl; k++) {
			struct listener *l = &lis[u * nl + k];
			l->utimer = u;
			l->fd = open_listener(node, ids[u]);
			pthread_t th;
			if (l->fd < 0 || pthread_create(&th, &a, reader, l) != 0) {
				fprintf(stderr, "fanout: listener %d of utimer %d: %s\n", k, u, strerror(errno));
				return 1;
			}
		}
	}
	/* warm-up: trigger until every listener has had a tick (a listener that started while the timer was
	 * running is admitted by the next one), then let the reads settle and line tick numbers up */
	for (int round = 0; round < 250; round++) {
		for (int u = 0; u < nu; u++)
			trigger(u);
		usleep(20000);
		int all = 1;
		for (int i = 0; i < nu * nl && all; i++)
			all = __atomic_load_n(&lis[i].received, __ATOMIC_ACQUIRE) > 0;
		if (all)
			break;
	}
	usleep(200000);
	for (int i = 0; i < nu * nl; i++)
		lis[i].offset = issued[lis[i].utimer] - lis[i].received;
	long base_received = total_received();
	long base_issued = 0;
	for (int u = 0; u < nu; u++)
		base_issued += issued[u];
	measuring = 1;

	period = (uint64_t)(1e9 / rate);
	periods = (uint64_t)(secs * rate);
	start = now_ns() + 10000000; /* every trigger thread starts on the same schedule */
	pthread_t *tt = calloc(nthreads, sizeof *tt);
	for (long t = 0; t < nthreads; t++)
		pthread_create(&tt[t], NULL, trigger_loop, (void *)t);
	for (long t = 0; t < nthreads; t++)
		pthread_join(tt[t], NULL);
	uint64_t elapsed = now_ns() - start;
	long asked = (long)periods * nu, sent = -base_issued;
	for (int u = 0; u < nu; u++)
		sent += issued[u];
	long expected = sent * nl;
	for (int i = 0; i < 300 && total_received() - base_received < expected; i++)
		usleep(10000); /* up to 3 s for the last reads */
	measuring = 0;
	long lost = expected - (total_received() - base_received);
	uint64_t total = 0;
	for (int b = 0; b <= BUCKETS; b++)
		total += hist[b];
	double achieved = sent / (elapsed / 1e9);
	printf("fanout U=%d L=%d rate=%.0f asked=%ld issued=%ld in %.2fs (%.0f triggers/s of %.0f, %llu thread-periods late) "
	       "ticks=%ld lost=%ld p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n",
	       nu, nl, rate, asked, sent, elapsed / 1e9, achieved, rate * nu, (unsigned long long)late, expected, lost,
	       pct(0.5, total), pct(0.99, total), pct(0.999, total), max_ns / 1e3);
	fflush(stdout);
	_exit(0); /* readers stay blocked: leave without closing */
}
