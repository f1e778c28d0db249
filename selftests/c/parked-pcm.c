// SPDX-License-Identifier: MIT
/*
 * parked-pcm - blocked PCM transfers, drains and opens must cost the daemon no thread each (the low-level
 * transport parks them) and be answered by the cable's clock, an interrupt, a SIGKILL or a free substream.
 * The loopback is clocked by a utimer (one TRIGGER = one period of 1 s at 8000 Hz; the buffer of 8 periods
 * makes the kernel's wait time 8.8 s, far above the test's pauses).
 * 1. N readers blocked in READI_FRAMES (N/8 threads on each of the 8 capture substreams of device 1) and 16
 *    writers blocked in WRITEI_FRAMES (2 on each playback substream of device 1, whose buffers are full): the
 *    daemon's thread count (/proc/PID/status Threads) stays <= 2 x CPUs + 16;
 * 2. TRIGGERs answer every one of them with its whole period;
 * 3. a signal to a reader blocked in READI of 3 periods after 1 period arrived returns that partial count; one
 *    with nothing moved returns EINTR;
 * 4. DRAIN of a playback stream is answered once its 2 queued periods have played (not before), SETUP after;
 *    a signal ends a blocked DRAIN with EINTR;
 * 5. a blocking open of a busy device waits, an interrupt ends it with EINTR, and a close of a substream
 *    answers it with a descriptor;
 * 6. a child blocked in 40 READIs and a blocking open is SIGKILLed: it is gone within 5 s, and its substream
 *    can be opened again within 5 s more.
 * usage: SNDFUSE_MOUNT=DIR parked-pcm N DAEMON_PID
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sndfuse/daemon.h"
#include "sndfuse/pcm.h"

#define RATE 8000
#define PERIOD 8000
#define BUFFER (8 * PERIOD)
#define SUBS 8
#define FB 4 /* S16_LE stereo */

static int trig = -1; /* the utimer's TRIGGER descriptor */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int full_returns, started;

struct job {
	int fd;
	int write;
	unsigned long frames;
	long result;
	int err;
	int done;
	pthread_t tid;
};

static void on_signal(int sig)
{
	(void)sig;
}

static int get(int *v)
{
	pthread_mutex_lock(&mu);
	int x = *v;
	pthread_mutex_unlock(&mu);
	return x;
}

static void *transfer(void *arg)
{
	struct job *j = arg;
	char *buf = calloc(j->frames, FB);

	pthread_mutex_lock(&mu);
	started++;
	pthread_mutex_unlock(&mu);
	long r = j->write ? sp_writei(j->fd, buf, j->frames) : sp_readi(j->fd, buf, j->frames);
	pthread_mutex_lock(&mu);
	j->result = r;
	j->err = r < 0 ? errno : 0;
	j->done = 1;
	if (r == (long)j->frames)
		full_returns++;
	pthread_mutex_unlock(&mu);
	free(buf);
	return NULL;
}

/* opens substream sub of (device, stream) without blocking; the previous check's close() returns before FUSE's
 * RELEASE frees the substream (docs/fuse-transport.md "Close and release"), so EBUSY is retried for up to 2 s */
static int open_free(int device, int stream, int sub)
{
	int fd = sp_open_sub(device, stream, sub, O_NONBLOCK);

	for (int i = 0; fd < 0 && errno == EBUSY && i < 100; i++) {
		usleep(20000);
		fd = sp_open_sub(device, stream, sub, O_NONBLOCK);
	}
	return fd;
}

/* opens substream sub of (device, stream), set up for the test: xruns off, avail_min one period */
static int open_stream(int device, int stream, int sub, unsigned long start_threshold)
{
	struct sp_config c = sp_config_s16(RATE, PERIOD, BUFFER);
	int fd = open_free(device, stream, sub);

	if (fd < 0)
		return -1;
	int fl = fcntl(fd, F_GETFL);
	if (fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 || sp_set_hw(fd, &c, NULL) < 0 ||
	    sp_set_sw(fd, PERIOD, start_threshold, 0, NULL) < 0 || sp_prepare(fd) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void start_job(struct job *j, int fd, int write, unsigned long frames)
{
	memset(j, 0, sizeof(*j));
	j->fd = fd;
	j->write = write;
	j->frames = frames;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	if (pthread_create(&j->tid, &a, transfer, j) != 0) {
		printf("Bail out! pthread_create\n");
		exit(1);
	}
}

static int job_done(struct job *j)
{
	return get(&j->done);
}

/* waits up to ms for *flag to become set */
static int wait_flag(int *flag, int ms)
{
	for (int i = 0; i < ms / 10 && !get(flag); i++)
		usleep(10000);
	return get(flag);
}

static void tick(int n)
{
	for (int i = 0; i < n; i++) {
		sp_utimer_trigger(trig);
		usleep(20000);
	}
}

struct drain_job {
	int fd, rc, err, done;
	pthread_t tid;
};

static void *drain_thread(void *arg)
{
	struct drain_job *d = arg;
	int rc = sp_drain(d->fd);
	pthread_mutex_lock(&mu);
	d->rc = rc;
	d->err = rc < 0 ? errno : 0;
	d->done = 1;
	pthread_mutex_unlock(&mu);
	return NULL;
}

struct open_job {
	int fd, err, done;
	pthread_t tid;
};

static void *open_thread(void *arg)
{
	struct open_job *o = arg;
	int fd = sp_open(0, SP_PLAYBACK, 0);
	pthread_mutex_lock(&mu);
	o->fd = fd;
	o->err = fd < 0 ? errno : 0;
	o->done = 1;
	pthread_mutex_unlock(&mu);
	return NULL;
}

static int test_many(int readers, int dpid, int limit)
{
	int cap[SUBS], play[SUBS], per = readers / SUBS, ok = 1;
	struct job *jobs = calloc((size_t)readers + 2 * SUBS, sizeof(*jobs));
	char *fill = calloc(BUFFER, FB);
	int before = sndfuse_daemon_threads(dpid), n = 0;

	for (int s = 0; s < SUBS; s++) {
		cap[s] = open_stream(1, SP_CAPTURE, s, 1);
		play[s] = open_stream(1, SP_PLAYBACK, s, BUFFER);
		if (cap[s] < 0 || play[s] < 0 || sp_start(cap[s]) < 0 || sp_writei(play[s], fill, BUFFER) != BUFFER) {
			printf("Bail out! set up substream %d: %s\n", s, strerror(errno));
			exit(1);
		}
	}
	for (int s = 0; s < SUBS; s++) {
		for (int i = 0; i < per; i++)
			start_job(&jobs[n++], cap[s], 0, PERIOD);
		for (int i = 0; i < 2; i++)
			start_job(&jobs[n++], play[s], 1, PERIOD);
	}
	for (int i = 0; i < 300 && get(&started) < n; i++)
		usleep(10000);
	sleep(1);
	int during = sndfuse_daemon_threads(dpid);
	int early = get(&full_returns);
	if (during > 0 && during <= limit && early == 0)
		printf("ok 1 - %d readers and %d writers blocked: daemon threads %d (before %d), limit %d\n",
		       per * SUBS, 2 * SUBS, during, before, limit);
	else
		printf("not ok 1 - %d readers and %d writers blocked: daemon threads %d (before %d), limit %d, %d "
		       "returned early\n", per * SUBS, 2 * SUBS, during, before, limit, early), ok = 0;

	int triggers = 0;
	while (get(&full_returns) < n && triggers < per + 20) {
		tick(1);
		triggers++;
	}
	usleep(200000);
	if (get(&full_returns) == n)
		printf("ok 2 - %d TRIGGERs answered all %d transfers with a whole period\n", triggers, n);
	else
		printf("not ok 2 - %d TRIGGERs answered %d of %d transfers with a whole period\n", triggers,
		       get(&full_returns), n), ok = 0;
	for (int s = 0; s < SUBS; s++) {
		sp_drop(cap[s]);
		sp_drop(play[s]);
	}
	for (int i = 0; i < n; i++)
		pthread_join(jobs[i].tid, NULL);
	for (int s = 0; s < SUBS; s++) {
		close(cap[s]);
		close(play[s]);
	}
	free(jobs);
	free(fill);
	return ok;
}

static int test_interrupt(void)
{
	struct job j;
	int ok = 1, fd = open_stream(1, SP_CAPTURE, 0, 1);

	if (fd < 0 || sp_start(fd) < 0) {
		printf("not ok 3 - set up: %s\n", strerror(errno));
		return 0;
	}
	start_job(&j, fd, 0, 3 * PERIOD);
	usleep(300000);
	tick(1);
	usleep(300000);
	int early = job_done(&j);
	pthread_kill(j.tid, SIGUSR1);
	wait_flag(&j.done, 3000);
	pthread_join(j.tid, NULL);
	if (early || j.result != PERIOD) {
		printf("# partial: result %ld (%s), expected %d; early %d\n", j.result, strerror(j.err), PERIOD, early);
		ok = 0;
	}
	start_job(&j, fd, 0, PERIOD);
	usleep(300000);
	early = job_done(&j);
	pthread_kill(j.tid, SIGUSR1);
	wait_flag(&j.done, 3000);
	pthread_join(j.tid, NULL);
	if (early || j.result != -1 || j.err != EINTR) {
		printf("# nothing moved: result %ld (%s), expected EINTR; early %d\n", j.result, strerror(j.err), early);
		ok = 0;
	}
	close(fd);
	printf("%s 3 - a signal ends a blocked READI with the partial count, or EINTR when nothing moved\n",
	       ok ? "ok" : "not ok");
	return ok;
}

static int test_drain(void)
{
	struct drain_job d;
	char *buf = calloc(2 * PERIOD, FB);
	int ok = 1, fd = open_stream(0, SP_PLAYBACK, 0, PERIOD);

	if (fd < 0 || sp_writei(fd, buf, 2 * PERIOD) != 2 * PERIOD) {
		printf("not ok 4 - set up: %s\n", strerror(errno));
		free(buf);
		return 0;
	}
	memset(&d, 0, sizeof(d));
	d.fd = fd;
	pthread_create(&d.tid, NULL, drain_thread, &d);
	usleep(300000);
	tick(1);
	usleep(300000);
	int early = get(&d.done);
	tick(2);
	wait_flag(&d.done, 3000);
	pthread_join(d.tid, NULL);
	if (early || !d.done || d.rc != 0 || sp_state(fd) != SNDRV_PCM_STATE_SETUP) {
		printf("# drain: early %d, done %d, rc %d (%s), state %s\n", early, d.done, d.rc, strerror(d.err),
		       sp_state_name(sp_state(fd)));
		ok = 0;
	}
	/* a drain interrupted by a signal */
	if (sp_prepare(fd) < 0 || sp_writei(fd, buf, 2 * PERIOD) != 2 * PERIOD) {
		printf("# drain set up again: %s\n", strerror(errno));
		ok = 0;
	} else {
		memset(&d, 0, sizeof(d));
		d.fd = fd;
		pthread_create(&d.tid, NULL, drain_thread, &d);
		usleep(300000);
		early = get(&d.done);
		pthread_kill(d.tid, SIGUSR1);
		wait_flag(&d.done, 3000);
		pthread_join(d.tid, NULL);
		if (early || d.rc != -1 || d.err != EINTR) {
			printf("# interrupted drain: early %d, rc %d (%s)\n", early, d.rc, strerror(d.err));
			ok = 0;
		}
	}
	close(fd);
	free(buf);
	printf("%s 4 - DRAIN answered when its queued periods have played; a signal ends it with EINTR\n",
	       ok ? "ok" : "not ok");
	return ok;
}

static int test_open(void)
{
	int fds[SUBS], ok = 1;
	struct open_job o;

	for (int s = 0; s < SUBS; s++)
		if ((fds[s] = open_free(0, SP_PLAYBACK, s)) < 0) {
			printf("not ok 5 - open substream %d: %s\n", s, strerror(errno));
			return 0;
		}
	memset(&o, 0, sizeof(o));
	pthread_create(&o.tid, NULL, open_thread, &o);
	usleep(300000);
	int early = get(&o.done);
	pthread_kill(o.tid, SIGUSR1);
	wait_flag(&o.done, 3000);
	pthread_join(o.tid, NULL);
	if (early || o.fd != -1 || o.err != EINTR) {
		printf("# interrupted open: early %d, fd %d (%s)\n", early, o.fd, strerror(o.err));
		ok = 0;
	}
	memset(&o, 0, sizeof(o));
	pthread_create(&o.tid, NULL, open_thread, &o);
	usleep(300000);
	early = get(&o.done);
	close(fds[5]);
	wait_flag(&o.done, 3000);
	pthread_join(o.tid, NULL);
	if (early || o.fd < 0 || sp_subdevice(o.fd) != 5) {
		printf("# open after a close: early %d, fd %d (%s), subdevice %d\n", early, o.fd, strerror(o.err),
		       o.fd < 0 ? -1 : sp_subdevice(o.fd));
		ok = 0;
	}
	if (o.fd >= 0)
		close(o.fd);
	for (int s = 0; s < SUBS; s++)
		if (s != 5)
			close(fds[s]);
	printf("%s 5 - a blocking open of a busy device waits: EINTR on a signal, a descriptor once one closes\n",
	       ok ? "ok" : "not ok");
	return ok;
}

static int test_sigkill(int dpid, int limit)
{
	int pipefd[2];
	if (pipe(pipefd) < 0)
		return 0;
	pid_t child = fork();
	if (child == 0) {
		struct job jobs[40];
		struct open_job o;
		int fd = open_stream(1, SP_CAPTURE, 2, 1);
		if (fd < 0 || sp_start(fd) < 0)
			_exit(1);
		for (int i = 0; i < 40; i++)
			start_job(&jobs[i], fd, 0, PERIOD);
		for (int s = 0; s < SUBS; s++)
			if (open_free(0, SP_PLAYBACK, s) < 0)
				_exit(1);
		memset(&o, 0, sizeof(o));
		pthread_create(&o.tid, NULL, open_thread, &o); /* device 0 playback is busy: it waits */
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c;
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1) {
		printf("not ok 6 - the child did not set up\n");
		return 0;
	}
	usleep(500000);
	int blocked = sndfuse_daemon_threads(dpid);
	kill(child, SIGKILL);
	int st, gone = 0, reopened = 0;
	for (int i = 0; i < 100 && !gone; i++) {
		if (waitpid(child, &st, WNOHANG) == child)
			gone = 1;
		else
			usleep(50000);
	}
	int fd = -1;
	for (int i = 0; gone && i < 100 && fd < 0; i++) {
		fd = sp_open_sub(1, SP_CAPTURE, 2, O_NONBLOCK);
		if (fd < 0)
			usleep(50000);
	}
	if (fd >= 0) {
		close(fd);
		fd = sp_open(0, SP_PLAYBACK, O_NONBLOCK);
		reopened = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	int ok = gone && reopened && blocked > 0 && blocked <= limit;
	printf("%s 6 - a child blocked in 40 READIs and an open is SIGKILLed: gone %d, its substreams free again %d, daemon "
	       "threads while blocked %d (limit %d)\n", ok ? "ok" : "not ok", gone, reopened, blocked, limit);
	return ok;
}

int main(int argc, char **argv)
{
	int failed = 0, id = -1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char src[32];

	if (argc != 3) {
		fprintf(stderr, "usage: parked-pcm N DAEMON_PID\n");
		return 2;
	}
	int readers = atoi(argv[1]), dpid = atoi(argv[2]), limit = 2 * (int)cpus + 16;
	if (readers < SUBS) {
		fprintf(stderr, "parked-pcm: N must be at least %d\n", SUBS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocked call returns */
	sigaction(SIGUSR1, &sa, NULL);
	trig = sp_utimer_create(sp_period_ns(RATE, PERIOD), &id, NULL);
	snprintf(src, sizeof(src), "-1.4.%d", id);
	if (trig < 0 || sp_set_timer_source(src) < 0) {
		printf("Bail out! utimer clock: %s\n", strerror(errno));
		return 1;
	}
	failed += !test_many(readers, dpid, limit);
	failed += !test_interrupt();
	failed += !test_drain();
	failed += !test_open();
	failed += !test_sigkill(dpid, limit);
	sp_set_timer_source("");
	close(trig);
	printf("1..6\n");
	return failed ? 1 : 0;
}
