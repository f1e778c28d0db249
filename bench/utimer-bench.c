/* Trigger-to-read latency and trigger throughput of a utimer over a sndfuse mount.
 * Usage: utimer-bench TIMER_NODE [ROUNDS] [BURST] [floor]
 *        utimer-bench -p ROUNDS NODE... (paired: each NODE a sndfuse timer, or floor:FILE)
 *        -g GAP_US first: a pause of GAP_US before each latency sample (0: back to back, the default)
 * With "floor" (or floor:), the node is the file of a C floor daemon (bench/floor/floor.h): no CREATE/SELECT, the
 * same TRIGGER number and 8-byte records, so both floors and sndfuse are measured by the same code.
 * Latency: a reader thread blocks in read() on a listener; the main thread stamps CLOCK_MONOTONIC and issues
 * TRIGGER; the reader stamps on return. Throughput: BURST triggers back to back while the reader counts ticks;
 * every tick must arrive (sum of tick counts == BURST).
 * Paired (-p): the latency measurement alone, with the NODEs taken in turn sample by sample (the first of each
 * turn rotates), so every NODE meets the same moments of the machine: a stall of the host lasting a second falls
 * on all of them alike instead of on whichever was measured then. One line per NODE, in the order given. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "sndfuse/utimer.h"

/* one timer under test: its owner (TRIGGER), a listener read by its own thread, what that thread saw, and the
 * latencies measured */
struct target {
    int owner, listener;
    volatile uint64_t woke_ns;
    volatile long ticks_seen;
    uint64_t *lat;
};

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void *reader(void *arg) {
    struct target *t = arg;
    struct snd_timer_read r[64];
    for (;;) {
        ssize_t n = read(t->listener, r, sizeof r);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        long ticks = 0;
        for (ssize_t i = 0; i < n / (ssize_t)sizeof r[0]; i++) ticks += r[i].ticks;
        t->woke_ns = now_ns(); /* stamped before the count moves, so the waiter never reads a stale stamp */
        __atomic_add_fetch(&t->ticks_seen, ticks, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

/* opens NODE (a C floor's file if floor_mode), creates and starts a utimer there, and starts the reader */
static int open_target(struct target *t, const char *node, int floor_mode) {
    t->owner = open(node, O_RDWR);
    t->listener = open(node, O_RDONLY);
    if (t->owner < 0 || t->listener < 0) { perror(node); return -1; }
    struct snd_timer_uinfo u = { .resolution = 1000000 };
    if (!floor_mode && ioctl(t->owner, SNDRV_TIMER_IOCTL_CREATE, &u) < 0) { perror("CREATE"); return -1; }
    struct snd_timer_select sel;
    memset(&sel, 0, sizeof sel);
    sel.id.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
    sel.id.card = -1;
    sel.id.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
    sel.id.subdevice = u.id;
    struct snd_timer_params p;
    memset(&p, 0, sizeof p);
    p.flags = SNDRV_TIMER_PSFLG_AUTO;
    p.ticks = 1;
    if (!floor_mode && (ioctl(t->listener, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 ||
        ioctl(t->listener, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0 || ioctl(t->listener, SNDRV_TIMER_IOCTL_START) < 0)) {
        perror("listener setup");
        return -1;
    }
    pthread_t th;
    if (pthread_create(&th, NULL, reader, t) != 0) { perror("pthread_create"); return -1; }
    pthread_detach(th);
    return 0;
}

static long gap_us; /* -g: a pause before each sample, as a client at a realistic rate leaves the daemon idle */

/* one TRIGGER and the wait for its read: the latency in ns, or 0 if TRIGGER failed */
static uint64_t one_sample(struct target *t) {
    if (gap_us > 0) usleep(gap_us);
    long before = t->ticks_seen;
    uint64_t t0 = now_ns();
    if (ioctl(t->owner, SNDRV_TIMER_IOCTL_TRIGGER) < 0) { perror("TRIGGER"); return 0; }
    while (t->ticks_seen == before) sched_yield(); /* wait for the reader without starving it of a CPU */
    return t->woke_ns - t0;
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *prefix, uint64_t *lat, int rounds) {
    qsort(lat, rounds, sizeof *lat, cmp);
    printf("%s rounds=%d p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus\n", prefix, rounds,
           lat[rounds / 2] / 1e3, lat[rounds * 99 / 100] / 1e3, lat[rounds * 999 / 1000] / 1e3, lat[rounds - 1] / 1e3);
}

static int paired(int rounds, int n, char **nodes) {
    struct target *ts = calloc(n, sizeof *ts);
    for (int k = 0; k < n; k++) {
        int fl = strncmp(nodes[k], "floor:", 6) == 0;
        if (open_target(&ts[k], fl ? nodes[k] + 6 : nodes[k], fl) < 0) return 1;
        ts[k].lat = calloc(rounds, sizeof *ts[k].lat);
    }
    for (int i = 0; i < rounds; i++)
        for (int j = 0; j < n; j++) {
            struct target *t = &ts[(i + j) % n];
            if (!(t->lat[i] = one_sample(t))) return 1;
        }
    for (int k = 0; k < n; k++) {
        char prefix[4200];
        snprintf(prefix, sizeof prefix, "paired %s", nodes[k]);
        report(prefix, ts[k].lat, rounds);
    }
    return 0; /* the utimers go with the process; the readers stay blocked (kernel behaviour) until exit */
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "-g") == 0) {
        gap_us = atol(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc > 3 && strcmp(argv[1], "-p") == 0) return paired(atoi(argv[2]), argc - 3, argv + 3);
    const char *node = argc > 1 ? argv[1] : sndfuse_timer_path();
    int rounds = argc > 2 ? atoi(argv[2]) : 2000;
    long burst = argc > 3 ? atol(argv[3]) : 20000;
    struct target t = {0};
    if (open_target(&t, node, argc > 4 && strcmp(argv[4], "floor") == 0) < 0) return 1;

    t.lat = calloc(rounds, sizeof *t.lat);
    for (int i = 0; i < rounds; i++)
        if (!(t.lat[i] = one_sample(&t))) return 1;
    report("latency trigger->read ", t.lat, rounds);

    long base = t.ticks_seen;
    uint64_t t0 = now_ns();
    for (long i = 0; i < burst; i++)
        if (ioctl(t.owner, SNDRV_TIMER_IOCTL_TRIGGER) < 0) { perror("TRIGGER"); return 1; }
    uint64_t t1 = now_ns();
    uint64_t deadline = t1 + 10000000000ull;
    while (t.ticks_seen - base < burst && now_ns() < deadline) usleep(1000);
    long got = t.ticks_seen - base;
    printf("throughput triggers=%ld in %.3fs = %.0f/s, ticks read=%ld (%s)\n", burst, (t1 - t0) / 1e9,
           burst / ((t1 - t0) / 1e9), got, got == burst ? "none lost" : "LOST");
    close(t.owner); /* destroys the utimer; the reader stays blocked (kernel behaviour), so just exit */
    return got == burst ? 0 : 1;
}
