/* Frames per second through one loopback substream pair (pcmC0D0p -> pcmC0D1c) of a sndfuse mount.
 * Usage: pcm-bench DIR RATE CHANNELS S16_LE|S32_LE PERIOD_FRAMES BUFFER_PERIODS utimer PERIODS
 *        pcm-bench DIR RATE CHANNELS S16_LE|S32_LE PERIOD_FRAMES BUFFER_PERIODS clock SECONDS
 *        pcm-bench DIR RATE CHANNELS S16_LE|S32_LE PERIOD_FRAMES BUFFER_PERIODS floor PERIODS
 *        pcm-bench DIR RATE CHANNELS S16_LE|S32_LE PERIOD_FRAMES BUFFER_PERIODS mmap PERIODS
 * Both nodes get the same ctl/pcm profile, so plain write()/read() move the frames.
 * utimer: creates a utimer with the exact period time, points proc/asound/card0/timer_source at it and
 * triggers as fast as the pair can take: only when playback holds two periods (one at the very end: an empty
 * playback buffer is an underrun) and capture has room for one.
 * Every byte read is checked against what was written.
 * clock: the system clock moves the frames; prints the frames/s actually delivered to the reader.
 * floor: DIR is a bench/floor/floor-ll mount; its play/cap pair (floor.h) stands for the substream pair, a
 * TRIGGER on play for the utimer's, and the same threads and trigger rule move and check the same bytes.
 * mmap: as utimer, but both ends are set up with the kernel's ABI alone (HW_PARAMS with MMAP_INTERLEAVED,
 * PREPARE, START) and move frames through their mapped data buffers, appl_ptr and hw_ptr by SYNC_PTR, as
 * alsa-lib's hw plugin does when the status and control pages are not mapped. Under sndfuse that needs the
 * preload library (LD_PRELOAD or sndfuse exec; docs/mmap.md); the same binary runs against the kernel's
 * snd-aloop. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "sndfuse/utimer.h"
#include "floor/floor.h"
#include "sndfuse/pcm.h"

static int pfd, cfd;
static size_t pbytes;
static long total_periods;
static volatile long written, readn, bad, triggered;
/* the trigger loop sleeps until the writer or the reader makes progress: a spinning loop would take one of
 * the machine's few CPUs from the daemon and the two client threads */
static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t progress_cond = PTHREAD_COND_INITIALIZER;

static void progress(volatile long *counter) {
    pthread_mutex_lock(&progress_lock);
    __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&progress_cond);
    pthread_mutex_unlock(&progress_lock);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fill(unsigned char *b, long period) {
    for (size_t i = 0; i < pbytes; i++) b[i] = (unsigned char)(period * 131 + i * 7);
}

static void *writer(void *a) {
    (void)a;
    unsigned char *b = malloc(pbytes);
    for (long p = 0; total_periods < 0 || p < total_periods; p++) {
        fill(b, p);
        if (write(pfd, b, pbytes) != (ssize_t)pbytes) { if (total_periods < 0) break; perror("write"); exit(1); }
        progress(&written);
    }
    return NULL;
}

static void *reader(void *a) {
    (void)a;
    unsigned char *b = malloc(pbytes), *want = malloc(pbytes);
    for (long p = 0; total_periods < 0 || p < total_periods; p++) {
        size_t got = 0;
        while (got < pbytes) {
            ssize_t n = read(cfd, b + got, pbytes - got);
            if (n <= 0) { if (total_periods < 0) return NULL; perror("read"); exit(1); }
            got += n;
        }
        if (total_periods >= 0) { fill(want, p); if (memcmp(b, want, pbytes)) bad++; }
        progress(&readn);
    }
    return NULL;
}

/* mmap mode: the two mapped rings, the buffer in frames, the frame's bytes */
static unsigned char *pring, *cring;
static unsigned long buffer_frames, frame_bytes, period_frames;

/* SYNC_PTR: hw_ptr updated (HWSYNC) and read; appl_ptr read, or set when set is not NULL */
static void sync_ptr(int fd, const unsigned long *set, unsigned long *hw, unsigned long *appl) {
    struct snd_pcm_sync_ptr sp;
    memset(&sp, 0, sizeof sp);
    sp.flags = SNDRV_PCM_SYNC_PTR_HWSYNC | SNDRV_PCM_SYNC_PTR_AVAIL_MIN | (set ? 0 : SNDRV_PCM_SYNC_PTR_APPL);
    if (set) sp.c.control.appl_ptr = *set;
    if (ioctl(fd, SNDRV_PCM_IOCTL_SYNC_PTR, &sp) < 0) { perror("SYNC_PTR"); exit(1); }
    *hw = sp.s.status.hw_ptr;
    *appl = sp.c.control.appl_ptr;
}

/* waits until ready(fd's hw_ptr, appl_ptr) holds, re-reading the pointers after each trigger; returns appl_ptr */
static unsigned long wait_ptrs(int fd, int (*ready)(unsigned long hw, unsigned long appl)) {
    for (;;) {
        long t = triggered;
        unsigned long hw, appl;
        sync_ptr(fd, NULL, &hw, &appl);
        if (ready(hw, appl)) return appl;
        pthread_mutex_lock(&progress_lock);
        while (triggered == t) pthread_cond_wait(&progress_cond, &progress_lock);
        pthread_mutex_unlock(&progress_lock);
    }
}

static int room_for_period(unsigned long hw, unsigned long appl) { return buffer_frames - (appl - hw) >= period_frames; }
static int period_captured(unsigned long hw, unsigned long appl) { return hw - appl >= period_frames; }

static void *mmap_writer(void *a) {
    (void)a;
    for (long p = 0; p < total_periods; p++) {
        unsigned long appl = wait_ptrs(pfd, room_for_period), hw;
        fill(pring + appl % buffer_frames * frame_bytes, p);
        appl += period_frames;
        sync_ptr(pfd, &appl, &hw, &appl);
        if (p == 0 && sp_start(pfd) < 0) { perror("START playback"); exit(1); }
        progress(&written);
    }
    return NULL;
}

static void *mmap_reader(void *a) {
    (void)a;
    unsigned char *want = malloc(pbytes);
    for (long p = 0; p < total_periods; p++) {
        unsigned long appl = wait_ptrs(cfd, period_captured), hw;
        fill(want, p);
        if (memcmp(cring + appl % buffer_frames * frame_bytes, want, pbytes)) bad++;
        appl += period_frames;
        sync_ptr(cfd, &appl, &hw, &appl);
        progress(&readn);
    }
    return NULL;
}

static void put(const char *dir, const char *file, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) { perror(path); exit(1); }
    close(fd);
}

/* FUSE delivers the release of a previous run's descriptors asynchronously: wait until sub0 is free. */
static void wait_closed(const char *dir, const char *sub) {
    char path[512], buf[64];
    snprintf(path, sizeof path, "%s/proc/asound/card0/%s/sub0/status", dir, sub);
    for (int i = 0; i < 500; i++) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
        if (fd >= 0) close(fd);
        if (n > 0 && !strncmp(buf, "closed", 6)) return;
        usleep(10000);
    }
}

/* the floor's pair: opens play and cap, sizes the rings; returns the descriptor to TRIGGER on (play) */
static int open_floor(const char *dir, long bufper) {
    char path[512];
    snprintf(path, sizeof path, "%s/" FLOOR_CAP, dir);
    cfd = open(path, O_RDONLY);
    snprintf(path, sizeof path, "%s/" FLOOR_PLAY, dir);
    pfd = open(path, O_WRONLY);
    struct floor_pcm_setup s = { (uint32_t)pbytes, (uint32_t)bufper };
    if (pfd < 0 || cfd < 0 || ioctl(pfd, FLOOR_PCM_SETUP, &s) < 0) { perror(path); exit(1); }
    return pfd;
}

/* sndfuse's pair: both substreams get the same profile (or none: profile 0); with a utimer, returns its descriptor, else -1 */
static int open_sndfuse(const char *dir, char **argv, long rate, long channels, long period, long bufper, int utimer,
                        int profile) {
    char path[512], line[256];
    int tfd = -1;
    wait_closed(dir, "pcm0p");
    wait_closed(dir, "pcm1c");
    for (int c = 0; c < 2; c++) {
        if (profile)
            snprintf(line, sizeof line, "set %s format=%s rate=%ld channels=%ld period=%ld buffer=%ld\n",
                     c ? "C0D1c" : "C0D0p", argv[4], rate, channels, period, period * bufper);
        else    /* configured by HW_PARAMS instead */
            snprintf(line, sizeof line, "clear %s\n", c ? "C0D1c" : "C0D0p");
        put(dir, "ctl/pcm", line);
    }
    if (utimer) {
        snprintf(path, sizeof path, "%s/snd/timer", dir);
        tfd = open(path, O_RDWR);
        /* the kernel's period time: 1e9 * period / rate, exact for these configurations */
        struct snd_timer_uinfo u = { .resolution = (unsigned long long)(1000000000ull * period / rate) };
        if (tfd < 0 || ioctl(tfd, SNDRV_TIMER_IOCTL_CREATE, &u) < 0) { perror("CREATE"); exit(1); }
        if (u.fd >= 0) tfd = u.fd;  /* the kernel (and sndfuse under the preload library) bind it to a new fd */
        snprintf(line, sizeof line, "-1.4.%u\n", u.id);
        put(dir, "proc/asound/card0/timer_source", line);
    } else {
        put(dir, "proc/asound/card0/timer_source", "\n");
    }
    snprintf(path, sizeof path, "%s/snd/pcmC0D1c", dir);
    cfd = open(path, O_RDONLY);
    snprintf(path, sizeof path, "%s/snd/pcmC0D0p", dir);
    pfd = open(path, O_WRONLY);
    if (pfd < 0 || cfd < 0) { perror("open pcm"); exit(1); }
    return tfd;
}

/* mmap mode: both ends configured by HW_PARAMS (MMAP_INTERLEAVED), prepared and mapped; capture started */
static void setup_mmap(const char *format, long rate, long channels, long period, long bufper) {
    struct sp_config c = { SNDRV_PCM_ACCESS_MMAP_INTERLEAVED,
                           strcmp(format, "S32_LE") ? SNDRV_PCM_FORMAT_S16_LE : SNDRV_PCM_FORMAT_S32_LE,
                           (unsigned)channels, (unsigned)rate, (unsigned)period, (unsigned)(period * bufper) };
    for (int i = 0; i < 2; i++) {
        int fd = i ? cfd : pfd;
        if (sp_set_hw(fd, &c, NULL) < 0 || sp_set_sw(fd, period, i ? 1 : ~0ul >> 1, 0, NULL) < 0 || sp_prepare(fd) < 0) {
            perror(i ? "capture setup" : "playback setup"); exit(1);
        }
        void *ring = mmap(NULL, pbytes * bufper, i ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (ring == MAP_FAILED) { perror("mmap (under sndfuse: LD_PRELOAD the preload library)"); exit(1); }
        *(i ? &cring : &pring) = ring;
    }
    buffer_frames = period * bufper; period_frames = period; frame_bytes = pbytes / period;
    if (sp_start(cfd) < 0) { perror("START capture"); exit(1); }
}

int main(int argc, char **argv) {
    if (argc < 9) { fprintf(stderr, "usage: see the head of pcm-bench.c\n"); return 2; }
    const char *dir = argv[1];
    long rate = atol(argv[2]), channels = atol(argv[3]), period = atol(argv[5]), bufper = atol(argv[6]);
    long fbytes = channels * (strcmp(argv[4], "S32_LE") ? 2 : 4);
    int floor = !strcmp(argv[7], "floor"), mapped = !strcmp(argv[7], "mmap");
    int utimer = floor || mapped || !strcmp(argv[7], "utimer");
    unsigned long trigger = floor ? FLOOR_TRIGGER : SNDRV_TIMER_IOCTL_TRIGGER;
    pbytes = fbytes * period;
    total_periods = utimer ? atol(argv[8]) : -1;
    int tfd = floor ? open_floor(dir, bufper) : open_sndfuse(dir, argv, rate, channels, period, bufper, utimer, !mapped);
    if (mapped) setup_mmap(argv[4], rate, channels, period, bufper);
    pthread_t w, r;
    pthread_create(&r, NULL, mapped ? mmap_reader : reader, NULL);
    pthread_create(&w, NULL, mapped ? mmap_writer : writer, NULL);
    double t0 = now();
    if (utimer) {
        long t = 0;
        while (t < total_periods) {
            pthread_mutex_lock(&progress_lock);
            /* keep a period queued until the writer is done: an emptied playback buffer is an underrun; a full
             * capture buffer is an overrun */
            while (!((written - t >= 2 || (written == total_periods && written - t >= 1)) && t + 1 - readn < bufper))
                pthread_cond_wait(&progress_cond, &progress_lock);
            pthread_mutex_unlock(&progress_lock);
            if (ioctl(tfd, trigger) < 0) { perror("TRIGGER"); return 1; }
            t++;
            progress(&triggered);
        }
        pthread_join(r, NULL);
        double dt = now() - t0;
        printf("%s: %ld periods x %ld frames in %.3f s = %.0f frames/s (%.0f triggers/s, %.2f MB/s), %s\n",
               floor ? "floor-clocked" : mapped ? "utimer-clocked mmap" : "utimer-clocked", total_periods, period, dt, total_periods * period / dt, total_periods / dt,
               total_periods * pbytes / dt / 1e6, bad ? "MISMATCH" : "byte-exact");
        return bad ? 1 : 0;
    }
    double secs = atof(argv[8]);
    long r0 = 0;
    double ts = 0;
    while (readn == 0) usleep(1000);
    ts = now(); r0 = readn;
    usleep((useconds_t)(secs * 1e6));
    long r1 = readn;
    double dt = now() - ts;
    printf("system-clock: %.0f frames/s over %.1f s (%.2f MB/s)\n", (r1 - r0) * period / dt, dt, (r1 - r0) * pbytes / dt / 1e6);
    fflush(stdout);
    _exit(0);
}
