/* Trigger-to-read latency and trigger throughput of a utimer over a sndfuse mount.
 * Usage: utimer-bench TIMER_NODE [ROUNDS] [BURST] [floor]
 * With "floor", TIMER_NODE is the file of a C floor daemon (bench/floor/floor.h): no CREATE/SELECT, the same
 * TRIGGER number and 8-byte records, so both floors and sndfuse are measured by the same code.
 * Latency: a reader thread blocks in read() on a listener; the main thread stamps CLOCK_MONOTONIC and issues
 * TRIGGER; the reader stamps on return. Throughput: BURST triggers back to back while the reader counts ticks;
 * every tick must arrive (sum of tick counts == BURST). */
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

static int listener;
static volatile uint64_t woke_ns;
static volatile long ticks_seen;
static volatile int stop_reader;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void *reader(void *arg) {
    (void)arg;
    struct snd_timer_read r[64];
    while (!stop_reader) {
        ssize_t n = read(listener, r, sizeof r);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        long t = 0;
        for (ssize_t i = 0; i < n / (ssize_t)sizeof r[0]; i++) t += r[i].ticks;
        woke_ns = now_ns(); /* stamped before the count moves, so the waiter never reads a stale stamp */
        __atomic_add_fetch(&ticks_seen, t, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *node = argc > 1 ? argv[1] : sndfuse_timer_path();
    int rounds = argc > 2 ? atoi(argv[2]) : 2000;
    long burst = argc > 3 ? atol(argv[3]) : 20000;
    int owner = open(node, O_RDWR);
    listener = open(node, O_RDONLY);
    if (owner < 0 || listener < 0) { perror(node); return 1; }
    int floor_mode = argc > 4 && strcmp(argv[4], "floor") == 0;
    struct snd_timer_uinfo u = { .resolution = 1000000 };
    if (!floor_mode && ioctl(owner, SNDRV_TIMER_IOCTL_CREATE, &u) < 0) { perror("CREATE"); return 1; }
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
    if (!floor_mode && (ioctl(listener, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 ||
        ioctl(listener, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0 || ioctl(listener, SNDRV_TIMER_IOCTL_START) < 0)) {
        perror("listener setup");
        return 1;
    }
    pthread_t th;
    pthread_create(&th, NULL, reader, NULL);

    uint64_t *lat = calloc(rounds, sizeof *lat);
    for (int i = 0; i < rounds; i++) {
        long before = ticks_seen;
        uint64_t t0 = now_ns();
        if (ioctl(owner, SNDRV_TIMER_IOCTL_TRIGGER) < 0) { perror("TRIGGER"); return 1; }
        while (ticks_seen == before) sched_yield(); /* wait for the reader without starving it of a CPU */
        lat[i] = woke_ns - t0;
    }
    qsort(lat, rounds, sizeof *lat, cmp);
    printf("latency trigger->read  rounds=%d p50=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus\n", rounds,
           lat[rounds / 2] / 1e3, lat[rounds * 99 / 100] / 1e3, lat[rounds * 999 / 1000] / 1e3, lat[rounds - 1] / 1e3);

    long base = ticks_seen;
    uint64_t t0 = now_ns();
    for (long i = 0; i < burst; i++)
        if (ioctl(owner, SNDRV_TIMER_IOCTL_TRIGGER) < 0) { perror("TRIGGER"); return 1; }
    uint64_t t1 = now_ns();
    uint64_t deadline = t1 + 10000000000ull;
    while (ticks_seen - base < burst && now_ns() < deadline) usleep(1000);
    long got = ticks_seen - base;
    printf("throughput triggers=%ld in %.3fs = %.0f/s, ticks read=%ld (%s)\n", burst, (t1 - t0) / 1e9,
           burst / ((t1 - t0) / 1e9), got, got == burst ? "none lost" : "LOST");
    stop_reader = 1;
    close(owner); /* destroys the utimer; the reader stays blocked (kernel behaviour), so just exit */
    return got == burst ? 0 : 1;
}
