// SPDX-License-Identifier: MIT
/*
 * timer-conformance - ABI conformance checks for the sndfuse emulation of
 * /dev/snd/timer (ALSA timer interface incl. userspace-driven timers).
 *
 * Every check runs in its own forked process (own process group) with a
 * watchdog, so a hang or a crash fails that check only.  Output is TAP-like:
 *   ok N - name
 *   not ok N - name: detail
 * followed by a trailing plan "1..N".  Exit status 0 only if all passed.
 * Lines starting with '#' are diagnostics.
 *
 * usage: timer-conformance [-l] [-v] [-t SECONDS] [PATTERN...]
 *   -l          list check names and exit
 *   -t SECONDS  per-check watchdog (default 60)
 *   PATTERN     run only checks whose name contains one of the patterns
 *
 * The timer node comes from sndfuse_timer_path() (SNDFUSE_TIMER /
 * SNDFUSE_MOUNT).  Behaviour is asserted, not timing: waits are generous.
 *
 * sndfuse deviation coded against: CREATE returns fd == -1 and binds the
 * utimer to the open file description CREATE ran on; TRIGGER works only on
 * that description; closing its last reference destroys the timer.  FUSE
 * delivers that last close (RELEASE) asynchronously, so checks wait for the
 * timer to disappear instead of expecting it at close() return.
 */
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tutil.h"
#include "check.h"

#define RES_10MS	10000000ULL	/* default utimer resolution */
#define GONE_WAIT_MS	10000		/* how long RELEASE may take */
#define EV(e)		(1u << SNDRV_TIMER_EVENT_##e)

static int g_verbose;

/* ------------------------------------------------------------------ */
/* check plumbing (check.h)                                            */


/*
 * ENOSYS cannot cross FUSE: the kernel's FUSE ioctl path rewrites an
 * ENOSYS answer from the daemon to ENOTTY.  Accept either.
 */
#define ERR_ENOSYS(expr) do {						\
	errno = 0;							\
	long _r = (long)(expr);						\
	int _e = errno;							\
	if (_r != -1 || (_e != ENOSYS && _e != ENOTTY))			\
		FAILF("%s: expected ENOSYS (ENOTTY through FUSE), got %s", \
		      #expr, _r == -1 ? tu_errname(_e) : "success");	\
} while (0)

#define OPEN(fd, flags) do {						\
	(fd) = tu_open(flags);						\
	if ((fd) < 0)							\
		FAILF("open %s: %s", sndfuse_timer_path(),		\
		      tu_errname(errno));				\
} while (0)

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static bool tid_eq(struct snd_timer_id a, int c, int s, int card, int d, int sd)
{
	return a.dev_class == c && a.dev_sclass == s && a.card == card &&
	       a.device == d && a.subdevice == sd;
}

static int ginfo_errno(int fd, struct snd_timer_id id)
{
	struct snd_timer_ginfo gi;

	return tu_ginfo(fd, id, &gi) < 0 ? errno : 0;
}

/* Subdevice of the first utimer NEXT_DEVICE reports, -1 if none. */
static int first_utimer(int fd)
{
	struct snd_timer_id id = tu_gtid(SNDRV_TIMER_GLOBAL_HRTIMER, 0);

	if (ioctl(fd, SNDRV_TIMER_IOCTL_NEXT_DEVICE, &id) < 0)
		return -2;
	if (id.dev_class == SNDRV_TIMER_CLASS_GLOBAL &&
	    id.device == SNDRV_TIMER_GLOBAL_UDRIVEN)
		return id.subdevice;
	return -1;
}

/* Wait until GINFO of utimer id fails with ENODEV; true if it did. */
static bool wait_utimer_gone(int fd, int id, int ms)
{
	int64_t end = tu_now_ms() + ms;

	do {
		if (ginfo_errno(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id)) == ENODEV)
			return true;
		tu_msleep(10);
	} while (tu_now_ms() < end);
	return false;
}

/* Wait until no utimer exists at all. */
static bool wait_no_utimers(int fd, int ms)
{
	int64_t end = tu_now_ms() + ms;

	do {
		if (first_utimer(fd) == -1)
			return true;
		tu_msleep(10);
	} while (tu_now_ms() < end);
	return false;
}

static int clients_of(int fd, struct snd_timer_id id)
{
	struct snd_timer_ginfo gi;

	if (tu_ginfo(fd, id, &gi) < 0)
		return -1;
	return (int)gi.clients;
}

static bool wait_clients(int fd, struct snd_timer_id id, int want, int ms)
{
	int64_t end = tu_now_ms() + ms;

	do {
		if (clients_of(fd, id) == want)
			return true;
		tu_msleep(10);
	} while (tu_now_ms() < end);
	return false;
}

static const char *g_step = "";

/* Open a descriptor and CREATE a utimer on it. */
static int new_utimer(int *fd, int *id, uint64_t res)
{
	int ufd = -1;

	g_step = "open";
	*fd = tu_open(0);
	if (*fd < 0)
		return -1;
	g_step = "CREATE";
	if (tu_create(*fd, res, id, &ufd) < 0)
		return -1;
	if (ufd >= 0) {
		/* real kernel: keep the utimer fd, drop the control fd */
		close(*fd);
		*fd = ufd;
	}
	return 0;
}

/* Open a listener on global timer (device, sub): [TREAD], SELECT, PARAMS, START. */
static int new_listener_dev(int *fd, int device, int sub, int oflags, int tread,
			    unsigned int pflags, unsigned int ticks,
			    unsigned int filter, bool start)
{
	g_step = "open";
	*fd = tu_open(oflags);
	if (*fd < 0)
		return -1;
	if (tread) {
		g_step = "TREAD";
		if (ioctl(*fd, SNDRV_TIMER_IOCTL_TREAD, &tread) < 0)
			return -1;
	}
	g_step = "SELECT";
	if (tu_select_global(*fd, device, sub) < 0)
		return -1;
	g_step = "PARAMS";
	if (tu_params(*fd, pflags, ticks, 0, filter) < 0)
		return -1;
	g_step = "START";
	if (start && ioctl(*fd, SNDRV_TIMER_IOCTL_START) < 0)
		return -1;
	return 0;
}

static int new_listener(int *fd, int id, int oflags, int tread, unsigned int filter)
{
	return new_listener_dev(fd, SNDRV_TIMER_GLOBAL_UDRIVEN, id, oflags, tread,
				SNDRV_TIMER_PSFLG_AUTO, 1, filter, true);
}

#define UTIMER(fd, id, res) \
	REQUIRE(new_utimer(&(fd), &(id), (res)) == 0, "utimer %s: %s", g_step, tu_errname(errno))
#define LISTENER(fd, id, oflags, tread, filter) \
	REQUIRE(new_listener(&(fd), (id), (oflags), (tread), (filter)) == 0, \
		"listener %s: %s", g_step, tu_errname(errno))

/*
 * Collect plain records until their ticks add up to at least want or
 * timeout_ms passes; then look a little longer (settle_ms) for extras.
 * Returns ticks summed; *nrec gets the record count, *res the last
 * resolution seen.  -1 on a read error (errno kept).
 */
static long collect_plain(int fd, long want, int timeout_ms, int settle_ms,
			  int *nrec, unsigned int *res)
{
	int64_t end = tu_now_ms() + timeout_ms;
	long sum = 0;
	int n_rec = 0;
	bool settling = false;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = end - tu_now_ms();
		struct snd_timer_read rec[64];
		ssize_t n;

		if (!settling && sum >= want) {
			settling = true;
			end = tu_now_ms() + settle_ms;
			left = settle_ms;
		}
		if (left < 0)
			left = 0;
		if (poll(&pfd, 1, (int)left) <= 0) {
			if (left == 0 || tu_now_ms() >= end)
				break;
			continue;
		}
		n = read(fd, rec, sizeof(rec));
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		for (size_t i = 0; i < (size_t)n / sizeof(rec[0]); i++) {
			sum += rec[i].ticks;
			n_rec++;
			if (res)
				*res = rec[i].resolution;
		}
	}
	if (nrec)
		*nrec = n_rec;
	return sum;
}

/* Read up to max tread records, waiting up to timeout_ms for at least want. */
static int collect_tread(int fd, struct snd_timer_tread *ev, int max, int want,
			 int timeout_ms)
{
	int64_t end = tu_now_ms() + timeout_ms;
	int got = 0;

	while (got < max) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = got >= want ? 0 : end - tu_now_ms();
		ssize_t n;

		if (left < 0)
			left = 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			break;
		n = read(fd, ev + got, (size_t)(max - got) * sizeof(*ev));
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		if (n % (ssize_t)sizeof(*ev))
			return -2;
		got += (int)(n / (ssize_t)sizeof(*ev));
	}
	return got;
}

static const char *evname(int e)
{
	static const char *names[] = { "RESOLUTION", "TICK", "START", "STOP",
		"CONTINUE", "PAUSE", "EARLY", "SUSPEND", "RESUME" };

	if (e >= 0 && e < (int)(sizeof(names) / sizeof(names[0])))
		return names[e];
	return "?";
}

static void dump_events(const struct snd_timer_tread *ev, int n)
{
	for (int i = 0; i < n; i++)
		note("event[%d] %s(%d) val %u t=%lld.%09ld", i, evname(ev[i].event),
		     ev[i].event, ev[i].val, (long long)ev[i].tstamp.tv_sec,
		     (long)ev[i].tstamp.tv_nsec);
}

/* Compare an event sequence with the expected (event, val) pairs. */
static int expect_events(const struct snd_timer_tread *ev, int n,
			 const int (*want)[2], int nwant)
{
	if (n != nwant) {
		dump_events(ev, n);
		FAILF("got %d events, expected %d", n, nwant);
	}
	for (int i = 0; i < n; i++) {
		if (ev[i].event != want[i][0] || (want[i][1] >= 0 &&
						  ev[i].val != (unsigned int)want[i][1])) {
			dump_events(ev, n);
			FAILF("event[%d] is %s val %u, expected %s val %d", i,
			      evname(ev[i].event), ev[i].val, evname(want[i][0]), want[i][1]);
		}
	}
	return 0;
}

static bool tstamp_near_now(struct timespec ts)
{
	int64_t t = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	int64_t now = tu_now_ns();

	return t > now - 10000000000LL && t < now + 10000000000LL;
}

struct trig_job {
	int fd;
	int count;
	long delay_ms;		/* before the first trigger */
	long interval_ms;	/* between triggers */
	int errors;
	int first_errno;
};

static void *trig_thread(void *arg)
{
	struct trig_job *j = arg;

	tu_msleep(j->delay_ms);
	for (int i = 0; i < j->count; i++) {
		if (i && j->interval_ms)
			tu_msleep(j->interval_ms);
		if (tu_trigger(j->fd) < 0) {
			if (!j->errors)
				j->first_errno = errno;
			j->errors++;
		}
	}
	return NULL;
}

static int trigger_n(int fd, int n)
{
	for (int i = 0; i < n; i++)
		if (tu_trigger(fd) < 0)
			return -1;
	return 0;
}

#define TRIGGER_N(fd, n) \
	REQUIRE(trigger_n((fd), (n)) == 0, "TRIGGER: %s", tu_errname(errno))

static unsigned long system_resolution(int fd)
{
	struct snd_timer_ginfo gi;

	if (tu_ginfo(fd, tu_gtid(SNDRV_TIMER_GLOBAL_SYSTEM, 0), &gi) < 0)
		return 0;
	return gi.resolution;
}

/* smallest ticks value whose period is at least 1 ms */
static unsigned int ticks_for_1ms(unsigned long res)
{
	if (!res)
		return 1;
	return (unsigned int)((1000000UL + res - 1) / res);
}

/* ------------------------------------------------------------------ */
/* checks: version and enumeration                                     */

static int c_pversion(long arg)
{
	int fd, v = -1;

	(void)arg;
	OPEN(fd, 0);
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_PVERSION, &v));
	note("protocol version %d.%d.%d", SNDRV_PROTOCOL_MAJOR(v),
	     SNDRV_PROTOCOL_MINOR(v), SNDRV_PROTOCOL_MICRO(v));
	REQUIRE(SNDRV_PROTOCOL_MAJOR(v) == 2 && SNDRV_PROTOCOL_MINOR(v) == 0,
		"version 0x%x is not 2.0.x", v);
	return 0;
}

static int c_pversion_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PVERSION, NULL), EFAULT);
	return 0;
}

static int c_next_device_walk(long arg)
{
	struct snd_timer_id id = tu_tid(-1, 0, -1, -1, -1), seen[64];
	int fd, n = 0;
	bool hr = false;

	(void)arg;
	OPEN(fd, 0);
	REQUIRE(wait_no_utimers(fd, GONE_WAIT_MS), "utimers left over from earlier checks");
	for (;;) {
		OK(ioctl(fd, SNDRV_TIMER_IOCTL_NEXT_DEVICE, &id));
		REQUIRE(n < 64, "walk does not terminate");
		seen[n++] = id;
		note("next: (%d,%d,%d,%d,%d)", id.dev_class, id.dev_sclass, id.card,
		     id.device, id.subdevice);
		if (id.dev_class < 0)
			break;
	}
	REQUIRE(tid_eq(seen[0], 1, 0, -1, 0, 0),
		"first timer is (%d,%d,%d,%d,%d), expected system (1,0,-1,0,0)",
		seen[0].dev_class, seen[0].dev_sclass, seen[0].card, seen[0].device,
		seen[0].subdevice);
	REQUIRE(tid_eq(seen[n - 1], -1, 0, -1, -1, -1),
		"end marker is (%d,%d,%d,%d,%d), expected (-1,0,-1,-1,-1)",
		seen[n - 1].dev_class, seen[n - 1].dev_sclass, seen[n - 1].card,
		seen[n - 1].device, seen[n - 1].subdevice);
	for (int i = 0; i < n - 1; i++) {
		REQUIRE(seen[i].dev_sclass == 0, "entry %d has sclass %d", i, seen[i].dev_sclass);
		REQUIRE(seen[i].device != SNDRV_TIMER_GLOBAL_UDRIVEN ||
			seen[i].dev_class != 1, "utimer listed although none exists");
		if (i)
			REQUIRE(seen[i].dev_class > seen[i - 1].dev_class ||
				(seen[i].dev_class == seen[i - 1].dev_class &&
				 (seen[i].card > seen[i - 1].card ||
				  (seen[i].card == seen[i - 1].card &&
				   (seen[i].device > seen[i - 1].device ||
				    (seen[i].device == seen[i - 1].device &&
				     seen[i].subdevice > seen[i - 1].subdevice))))),
				"walk not ascending at %d", i);
		if (tid_eq(seen[i], 1, 0, -1, SNDRV_TIMER_GLOBAL_HRTIMER, 0))
			hr = true;
	}
	REQUIRE(hr, "hrtimer (1,0,-1,3,0) not listed");
	return 0;
}

static int c_next_device_bad_class(long arg)
{
	int fd;
	/*
	 * SLAVE and unknown classes end the walk; CARD and PCM walks from card -1 reach the loopback card's first
	 * PCM timer (PCM class 3, card 0, device 0, subdevice 0 = substream 0 playback): the card has no
	 * CARD-class timer, and a walk moves on to higher classes.
	 */
	int classes[] = { SNDRV_TIMER_CLASS_SLAVE, SNDRV_TIMER_CLASS_CARD, SNDRV_TIMER_CLASS_PCM, 4, 99 };
	int pcm[] = { 0, 1, 1, 0, 0 };

	(void)arg;
	OPEN(fd, 0);
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		struct snd_timer_id id = tu_tid(classes[i], 0, -1, -1, -1);

		OK(ioctl(fd, SNDRV_TIMER_IOCTL_NEXT_DEVICE, &id));
		if (pcm[i])
			REQUIRE(tid_eq(id, SNDRV_TIMER_CLASS_PCM, 0, 0, 0, 0),
				"class %d: got (%d,%d,%d,%d,%d), expected the first PCM timer (3,0,0,0,0)",
				classes[i], id.dev_class, id.dev_sclass, id.card, id.device, id.subdevice);
		else
			REQUIRE(tid_eq(id, -1, 0, -1, -1, -1),
				"class %d: got (%d,%d,%d,%d,%d), expected end marker", classes[i],
				id.dev_class, id.dev_sclass, id.card, id.device, id.subdevice);
	}
	return 0;
}

static int c_next_device_utimers(long arg)
{
	int fd, a, b, ua, ub, n4 = 0, sub4 = -1;
	struct snd_timer_id id = tu_tid(-1, 0, -1, -1, -1);

	(void)arg;
	OPEN(fd, 0);
	REQUIRE(wait_no_utimers(fd, GONE_WAIT_MS), "utimers left over from earlier checks");
	UTIMER(ua, a, RES_10MS);
	UTIMER(ub, b, RES_10MS);
	for (int i = 0; i < 64; i++) {
		OK(ioctl(fd, SNDRV_TIMER_IOCTL_NEXT_DEVICE, &id));
		if (id.dev_class < 0)
			break;
		if (id.dev_class == 1 && id.device == SNDRV_TIMER_GLOBAL_UDRIVEN) {
			n4++;
			sub4 = id.subdevice;
		}
	}
	REQUIRE(id.dev_class < 0, "walk does not terminate");
	REQUIRE(n4 == 1, "device 4 listed %d times, expected once", n4);
	REQUIRE(sub4 == (a < b ? a : b), "device 4 listed with subdevice %d, expected lowest id %d",
		sub4, a < b ? a : b);
	close(ua);
	close(ub);
	return 0;
}

/* ------------------------------------------------------------------ */
/* GINFO / GPARAMS / GSTATUS                                           */

static int c_ginfo_system(long arg)
{
	struct snd_timer_ginfo gi;
	int fd;

	(void)arg;
	OPEN(fd, 0);
	OK(tu_ginfo(fd, tu_gtid(0, 0), &gi));
	note("system: id '%s' name '%s' resolution %lu clients %u", (char *)gi.id,
	     (char *)gi.name, gi.resolution, gi.clients);
	REQUIRE(tid_eq(gi.tid, 1, 0, -1, 0, 0), "tid not echoed");
	REQUIRE(!strcmp((char *)gi.id, "system"), "id '%s', expected 'system'", (char *)gi.id);
	REQUIRE(!strcmp((char *)gi.name, "system timer"), "name '%s', expected 'system timer'",
		(char *)gi.name);
	REQUIRE(gi.resolution > 0 && gi.resolution <= 100000000UL, "resolution %lu", gi.resolution);
	REQUIRE(gi.card == -1, "card %d, expected -1", gi.card);
	REQUIRE(!(gi.flags & SNDRV_TIMER_FLG_SLAVE), "system timer flagged SLAVE");
	return 0;
}

static int c_ginfo_hrtimer(long arg)
{
	struct snd_timer_ginfo gi;
	int fd;

	(void)arg;
	OPEN(fd, 0);
	OK(tu_ginfo(fd, tu_gtid(SNDRV_TIMER_GLOBAL_HRTIMER, 0), &gi));
	note("hrtimer: id '%s' name '%s' resolution %lu", (char *)gi.id, (char *)gi.name,
	     gi.resolution);
	REQUIRE(!strcmp((char *)gi.id, "hrtimer"), "id '%s', expected 'hrtimer'", (char *)gi.id);
	REQUIRE(!strcmp((char *)gi.name, "HR timer"), "name '%s', expected 'HR timer'",
		(char *)gi.name);
	REQUIRE(gi.resolution > 0, "resolution 0");
	REQUIRE(gi.card == -1, "card %d", gi.card);
	return 0;
}

static int c_ginfo_absent(long arg)
{
	struct snd_timer_id ids[] = {
		tu_gtid(99, 0), tu_gtid(0, 1), tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, 127),
		tu_gtid(SNDRV_TIMER_GLOBAL_HPET, 0),
		tu_tid(SNDRV_TIMER_CLASS_CARD, 0, 0, 0, 0),
		tu_tid(SNDRV_TIMER_CLASS_PCM, 0, 5, 0, 0),
		tu_tid(SNDRV_TIMER_CLASS_NONE, 0, -1, 0, 0),
	};
	struct snd_timer_ginfo gi;
	int fd;

	(void)arg;
	OPEN(fd, 0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		errno = 0;
		int r = tu_ginfo(fd, ids[i], &gi);
		REQUIRE(r == -1 && errno == ENODEV, "GINFO (%d,%d,%d,%d,%d): expected ENODEV, got %s",
			ids[i].dev_class, ids[i].dev_sclass, ids[i].card, ids[i].device,
			ids[i].subdevice, r ? tu_errname(errno) : "success");
	}
	return 0;
}

static int c_ginfo_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_GINFO, NULL), EFAULT);
	return 0;
}

static int c_ginfo_utimer(long arg)
{
	struct snd_timer_ginfo gi;
	char want[32];
	int fd, u, id, l1, l2;
	struct snd_timer_id tid;

	(void)arg;
	OPEN(fd, 0);
	UTIMER(u, id, RES_10MS);
	tid = tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id);
	OK(tu_ginfo(fd, tid, &gi));
	snprintf(want, sizeof(want), "snd-utimer%d", id);
	note("utimer %d: id '%s' name '%s' resolution %lu clients %u", id, (char *)gi.id,
	     (char *)gi.name, gi.resolution, gi.clients);
	REQUIRE(!strcmp((char *)gi.id, want), "id '%s', expected '%s'", (char *)gi.id, want);
	REQUIRE(gi.name[0] == '\0', "name '%s', expected empty", (char *)gi.name);
	REQUIRE(gi.resolution == RES_10MS, "resolution %lu, expected %llu", gi.resolution, RES_10MS);
	REQUIRE(gi.card == -1, "card %d", gi.card);
	REQUIRE(!(gi.flags & SNDRV_TIMER_FLG_SLAVE), "flagged SLAVE");
	REQUIRE(gi.clients == 0, "clients %u before any SELECT, expected 0", gi.clients);
	OPEN(l1, 0);
	OK(tu_select(l1, tid));
	REQUIRE(clients_of(fd, tid) == 1, "clients %d after one SELECT, expected 1", clients_of(fd, tid));
	OPEN(l2, 0);
	OK(tu_select(l2, tid));
	REQUIRE(clients_of(fd, tid) == 2, "clients %d after two SELECTs, expected 2", clients_of(fd, tid));
	close(l1);
	REQUIRE(wait_clients(fd, tid, 1, GONE_WAIT_MS), "clients %d after closing a listener, expected 1",
		clients_of(fd, tid));
	/* SELECT of something else on l2 closes its instance at once */
	OK(tu_select_global(l2, 0, 0));
	REQUIRE(clients_of(fd, tid) == 0, "clients %d after re-SELECT elsewhere, expected 0",
		clients_of(fd, tid));
	close(u);
	return 0;
}

static int c_info_utimer(long arg)
{
	struct snd_timer_info info;
	char want[32];
	int u, id, l;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	OPEN(l, 0);
	OK(tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	memset(&info, 0xff, sizeof(info));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_INFO, &info));
	snprintf(want, sizeof(want), "snd-utimer%d", id);
	REQUIRE(!strcmp((char *)info.id, want), "id '%s', expected '%s'", (char *)info.id, want);
	REQUIRE(info.resolution == RES_10MS, "resolution %lu", info.resolution);
	REQUIRE(info.card == -1, "card %d", info.card);
	REQUIRE(info.flags == 0, "flags 0x%x", info.flags);
	close(u);
	return 0;
}

static int gparams(int fd, struct snd_timer_id id)
{
	struct snd_timer_gparams gp;

	memset(&gp, 0, sizeof(gp));
	gp.tid = id;
	gp.period_num = 1;
	gp.period_den = 1000;
	return ioctl(fd, SNDRV_TIMER_IOCTL_GPARAMS, &gp);
}

static int c_gparams(long arg)
{
	int fd, u, id;

	(void)arg;
	OPEN(fd, 0);
	REQUIRE(wait_clients(fd, tu_gtid(0, 0), 0, GONE_WAIT_MS), "system timer still has clients");
	ERR_ENOSYS(gparams(fd, tu_gtid(0, 0)));
	ERR(gparams(fd, tu_gtid(99, 0)), ENODEV);
	ERR(gparams(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, 127)), ENODEV);
	UTIMER(u, id, RES_10MS);
	ERR_ENOSYS(gparams(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id)));
	close(u);
	return 0;
}

static int c_gparams_busy(long arg)
{
	int fd, l;

	(void)arg;
	OPEN(fd, 0);
	OPEN(l, 0);
	OK(tu_select_global(l, 0, 0));
	ERR(gparams(fd, tu_gtid(0, 0)), EBUSY);
	return 0;
}

static int c_gparams_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_GPARAMS, NULL), EFAULT);
	return 0;
}

static int gstatus(int fd, struct snd_timer_id id, struct snd_timer_gstatus *gs)
{
	memset(gs, 0, sizeof(*gs));
	gs->tid = id;
	return ioctl(fd, SNDRV_TIMER_IOCTL_GSTATUS, gs);
}

static int c_gstatus_system(long arg)
{
	struct snd_timer_gstatus gs;
	int fd;
	unsigned long res;

	(void)arg;
	OPEN(fd, 0);
	res = system_resolution(fd);
	OK(gstatus(fd, tu_gtid(0, 0), &gs));
	note("system gstatus: resolution %lu = %lu/%lu s", gs.resolution, gs.resolution_num,
	     gs.resolution_den);
	REQUIRE(tid_eq(gs.tid, 1, 0, -1, 0, 0), "tid not echoed");
	REQUIRE(gs.resolution == res, "resolution %lu, GINFO says %lu", gs.resolution, res);
	REQUIRE(gs.resolution_den != 0 &&
		(unsigned __int128)gs.resolution_num * 1000000000u ==
		(unsigned __int128)gs.resolution * gs.resolution_den,
		"num/den %lu/%lu does not match %lu ns", gs.resolution_num,
		gs.resolution_den, gs.resolution);
	return 0;
}

static int c_gstatus_absent(long arg)
{
	struct snd_timer_gstatus gs;
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(gstatus(fd, tu_gtid(99, 0), &gs), ENODEV);
	ERR(gstatus(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, 127), &gs), ENODEV);
	ERR(gstatus(fd, tu_tid(SNDRV_TIMER_CLASS_PCM, 0, 5, 0, 0), &gs), ENODEV);
	return 0;
}

static int c_gstatus_utimer(long arg)
{
	struct snd_timer_gstatus gs;
	int fd, u, id;

	(void)arg;
	OPEN(fd, 0);
	UTIMER(u, id, 551250000ULL);
	OK(gstatus(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gs));
	REQUIRE(gs.resolution == 551250000UL, "resolution %lu", gs.resolution);
	REQUIRE(gs.resolution_num == 551250000UL && gs.resolution_den == 1000000000UL,
		"num/den %lu/%lu, expected 551250000/1000000000", gs.resolution_num,
		gs.resolution_den);
	close(u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* instance requests before SELECT                                     */

enum { R_INFO, R_PARAMS, R_STATUS, R_START, R_STOP, R_CONTINUE, R_PAUSE };

static int c_unselected_ebadfd(long which)
{
	struct snd_timer_info info;
	struct snd_timer_params p;
	struct snd_timer_status st;
	int fd;

	OPEN(fd, 0);
	memset(&p, 0, sizeof(p));
	p.ticks = 1;
	switch (which) {
	case R_INFO: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_INFO, &info), EBADFD); break;
	case R_PARAMS: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p), EBADFD); break;
	case R_STATUS: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_STATUS, &st), EBADFD); break;
	case R_START: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_START), EBADFD); break;
	case R_STOP: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_STOP), EBADFD); break;
	case R_CONTINUE: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_CONTINUE), EBADFD); break;
	case R_PAUSE: ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PAUSE), EBADFD); break;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* SELECT                                                              */

static int c_select_absent(long arg)
{
	struct snd_timer_id ids[] = {
		tu_gtid(99, 0), tu_gtid(0, 1), tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, 127),
		tu_tid(SNDRV_TIMER_CLASS_CARD, 0, 0, 0, 0),
		tu_tid(SNDRV_TIMER_CLASS_PCM, 0, 5, 0, 0),
	};
	int fd;

	(void)arg;
	OPEN(fd, 0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		errno = 0;
		int r = tu_select(fd, ids[i]);
		REQUIRE(r == -1 && errno == ENODEV, "SELECT (%d,%d,%d,%d,%d): expected ENODEV, got %s",
			ids[i].dev_class, ids[i].dev_sclass, ids[i].card, ids[i].device,
			ids[i].subdevice, r ? tu_errname(errno) : "success");
	}
	return 0;
}

static int c_select_system_info(long arg)
{
	struct snd_timer_info info;
	int fd;
	unsigned long res;

	(void)arg;
	OPEN(fd, 0);
	res = system_resolution(fd);
	/* sclass is forced to APPLICATION for non-slave classes: any value works */
	OK(tu_select(fd, tu_tid(SNDRV_TIMER_CLASS_GLOBAL, SNDRV_TIMER_SCLASS_OSS_SEQUENCER, -1, 0, 0)));
	OK(tu_select(fd, tu_tid(SNDRV_TIMER_CLASS_GLOBAL, SNDRV_TIMER_SCLASS_NONE, -1, 0, 0)));
	memset(&info, 0xff, sizeof(info));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_INFO, &info));
	REQUIRE(!strcmp((char *)info.id, "system"), "id '%s'", (char *)info.id);
	REQUIRE(!strcmp((char *)info.name, "system timer"), "name '%s'", (char *)info.name);
	REQUIRE(info.card == -1, "card %d", info.card);
	REQUIRE(info.flags == 0, "flags 0x%x", info.flags);
	REQUIRE(info.resolution == res, "resolution %lu, GINFO says %lu", info.resolution, res);
	return 0;
}

static int c_select_failure_unselects(long arg)
{
	struct snd_timer_info info;
	int fd, q;
	struct snd_timer_id sys = tu_gtid(0, 0);
	int before;

	(void)arg;
	OPEN(fd, 0);
	OPEN(q, 0);
	REQUIRE(wait_clients(q, sys, 0, GONE_WAIT_MS), "system timer still has clients");
	before = clients_of(q, sys);
	OK(tu_select(fd, sys));
	REQUIRE(clients_of(q, sys) == before + 1, "clients did not grow on SELECT");
	ERR(tu_select_global(fd, 99, 0), ENODEV);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_INFO, &info), EBADFD);
	REQUIRE(clients_of(q, sys) == before, "old instance still open after failed SELECT (clients %d)",
		clients_of(q, sys));
	return 0;
}

static int c_select_slave_einval(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(tu_select(fd, tu_tid(SNDRV_TIMER_CLASS_SLAVE, SNDRV_TIMER_SCLASS_NONE, -1, 0, 0)), EINVAL);
	ERR(tu_select(fd, tu_tid(SNDRV_TIMER_CLASS_SLAVE, 4, -1, 0, 0)), EINVAL);
	return 0;
}

static int c_select_exclusive(long arg)
{
	int u, id, a, b;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	OPEN(a, 0);
	OK(tu_select_global(a, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	OK(tu_params(a, SNDRV_TIMER_PSFLG_AUTO | SNDRV_TIMER_PSFLG_EXCLUSIVE, 1, 0, 0));
	OPEN(b, 0);
	ERR(tu_select_global(b, SNDRV_TIMER_GLOBAL_UDRIVEN, id), EBUSY);
	close(u);
	return 0;
}

static int c_select_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, NULL), EFAULT);
	return 0;
}

/* ------------------------------------------------------------------ */
/* PARAMS                                                              */

static int select_system(int *fd, unsigned int *ticks)
{
	unsigned long res;

	*fd = tu_open(0);
	if (*fd < 0)
		return -1;
	res = system_resolution(*fd);
	*ticks = ticks_for_1ms(res);
	return tu_select_global(*fd, 0, 0);
}

#define SELECT_SYSTEM(fd, ticks) \
	REQUIRE(select_system(&(fd), &(ticks)) == 0, "select system timer: %s", tu_errname(errno))

static int c_params_ticks0(long arg)
{
	int fd, u, id, l;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, 0, 0, 0), EINVAL);
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	UTIMER(u, id, RES_10MS);
	OPEN(l, 0);
	OK(tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	ERR(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 0, 0, 0), EINVAL);
	close(u);
	return 0;
}

static int c_params_queue_size(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 31, 0), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 1025, 0), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 1, 0), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0x80000000u, 0), EINVAL);
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 32, 0));
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 1024, 0));
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	return 0;
}

static int c_params_filter(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, EV(EARLY)), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, EV(TICK) | EV(EARLY)), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 1u << 9), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 1u << 16), EINVAL);
	ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 1u << 31), EINVAL);
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, SNDFUSE_TIMER_FILTER_VALID));
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	return 0;
}

static int c_params_min_period_hrtimer(long arg)
{
	struct snd_timer_ginfo gi;
	int fd;
	unsigned int t;

	(void)arg;
	OPEN(fd, 0);
	OK(tu_ginfo(fd, tu_gtid(SNDRV_TIMER_GLOBAL_HRTIMER, 0), &gi));
	OK(tu_select_global(fd, SNDRV_TIMER_GLOBAL_HRTIMER, 0));
	t = ticks_for_1ms(gi.resolution);
	note("hrtimer resolution %lu ns, 1 ms = %u ticks", gi.resolution, t);
	if (t > 1) {
		ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0), EINVAL);
		ERR(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t - 1, 0, 0), EINVAL);
	} else {
		note("hrtimer resolution >= 1 ms: only the accepting side is checked");
	}
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	return 0;
}

static int c_params_min_period_utimer(long arg)
{
	int u, id, l;

	(void)arg;
	UTIMER(u, id, 1000);	/* 1 us */
	OPEN(l, 0);
	OK(tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	ERR(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0), EINVAL);
	ERR(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 999, 0, 0), EINVAL);
	OK(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1000, 0, 0));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	close(u);
	return 0;
}

/* START refuses a first period shorter than 100 us (default ticks = 1). */
static int c_start_min_period(long arg)
{
	int u1, id1, u2, id2, l1, l2;

	(void)arg;
	UTIMER(u1, id1, 99999);
	UTIMER(u2, id2, 100000);
	OPEN(l1, 0);
	OK(tu_select_global(l1, SNDRV_TIMER_GLOBAL_UDRIVEN, id1));
	ERR(ioctl(l1, SNDRV_TIMER_IOCTL_START), EINVAL);
	OPEN(l2, 0);
	OK(tu_select_global(l2, SNDRV_TIMER_GLOBAL_UDRIVEN, id2));
	OK(ioctl(l2, SNDRV_TIMER_IOCTL_START));
	close(u1);
	close(u2);
	return 0;
}

static int c_params_efault(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, NULL), EFAULT);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TREAD                                                               */

static int c_tread_after_select(long arg)
{
	int fd, one = 1, zero = 0;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD_OLD, &one), EBUSY);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD64, &one), EBUSY);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD_OLD, &zero), EBUSY);
	return 0;
}

static int c_tread_before_select(long arg)
{
	int fd, one = 1, zero = 0;

	(void)arg;
	OPEN(fd, 0);
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD_OLD, &one));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD64, &one));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD_OLD, &zero));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD64, &zero));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD, &one));
	OK(tu_select_global(fd, 0, 0));
	return 0;
}

static int c_tread_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD_OLD, NULL), EFAULT);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_TREAD64, NULL), EFAULT);
	return 0;
}

/* ------------------------------------------------------------------ */
/* START / STOP / PAUSE / CONTINUE                                     */

static int c_stop_not_running(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_STOP), EBUSY);
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_START));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_STOP));
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_STOP), EBUSY);
	return 0;
}

static int c_pause_not_running(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, t, 0, 0));
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PAUSE), EBUSY);
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_START));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_PAUSE));
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PAUSE), EBUSY);
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_CONTINUE));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_STOP));
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_PAUSE), EBUSY);
	return 0;
}

/* START on a running instance restarts it: STOP then START events. */
static int c_start_twice(long arg)
{
	struct snd_timer_tread ev[8];
	int u, id, l, n;
	static const int want[][2] = { { SNDRV_TIMER_EVENT_START, (int)RES_10MS },
		{ SNDRV_TIMER_EVENT_STOP, 0 }, { SNDRV_TIMER_EVENT_START, (int)RES_10MS } };

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 1, EV(START) | EV(STOP));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	n = collect_tread(l, ev, 8, 3, 3000);
	REQUIRE(n >= 0, "read: %s", tu_errname(errno));
	if (expect_events(ev, n, want, 3))
		return 1;
	close(u);
	return 0;
}

static int c_pause_continue_events(long arg)
{
	struct snd_timer_tread ev[16];
	int u, id, l, n;
	static const int want[][2] = {
		{ SNDRV_TIMER_EVENT_START, (int)RES_10MS },	/* CONTINUE when never paused */
		{ SNDRV_TIMER_EVENT_TICK, 1 },
		{ SNDRV_TIMER_EVENT_PAUSE, 0 },
		{ SNDRV_TIMER_EVENT_CONTINUE, (int)RES_10MS },
		{ SNDRV_TIMER_EVENT_TICK, 1 },
		{ SNDRV_TIMER_EVENT_STOP, 0 },
	};

	(void)arg;
	UTIMER(u, id, RES_10MS);
	REQUIRE(new_listener_dev(&l, SNDRV_TIMER_GLOBAL_UDRIVEN, id, 0, 1, SNDRV_TIMER_PSFLG_AUTO, 1,
				 EV(TICK) | EV(START) | EV(STOP) | EV(PAUSE) | EV(CONTINUE), false) == 0,
		"listener %s: %s", g_step, tu_errname(errno));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_CONTINUE));
	TRIGGER_N(u, 1);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_PAUSE));
	TRIGGER_N(u, 2);		/* paused: no ticks */
	OK(ioctl(l, SNDRV_TIMER_IOCTL_CONTINUE));
	TRIGGER_N(u, 1);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	TRIGGER_N(u, 2);		/* stopped: no ticks */
	tu_msleep(100);
	n = collect_tread(l, ev, 16, 6, 3000);
	REQUIRE(n >= 0, "read: %s", tu_errname(errno));
	if (expect_events(ev, n, want, 6))
		return 1;
	close(u);
	return 0;
}

/* PAUSE then START leaves the paused flag set: CONTINUE while running -> EBUSY */
static int c_continue_after_pause_start(long arg)
{
	int u, id, l;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_PAUSE));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_CONTINUE), EBUSY);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_CONTINUE));	/* STOP cleared it: acts as START */
	close(u);
	return 0;
}

static int c_oneshot(long arg)
{
	int u, id, l, nrec;
	long sum;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	REQUIRE(new_listener_dev(&l, SNDRV_TIMER_GLOBAL_UDRIVEN, id, 0, 0, 0 /* no AUTO */, 1, 0,
				 true) == 0, "listener %s: %s", g_step, tu_errname(errno));
	TRIGGER_N(u, 3);
	sum = collect_plain(l, 1, 3000, 300, &nrec, NULL);
	REQUIRE(sum == 1, "one-shot instance got %ld ticks from 3 triggers, expected 1", sum);
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_STOP), EBUSY);	/* expired: no longer running */
	close(u);
	return 0;
}

static int c_stop_stops_ticks(long arg)
{
	int u, id, l;
	long sum;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	TRIGGER_N(u, 1);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	TRIGGER_N(u, 2);
	sum = collect_plain(l, 1, 3000, 300, NULL, NULL);
	REQUIRE(sum == 1, "%ld ticks, expected 1 (2 triggers after STOP must not count)", sum);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	TRIGGER_N(u, 2);
	sum = collect_plain(l, 2, 3000, 300, NULL, NULL);
	REQUIRE(sum == 2, "%ld ticks after restart, expected 2", sum);
	close(u);
	return 0;
}

static int c_params_resets(long arg)
{
	struct snd_timer_status st;
	char buf[64];
	int u, id, l;
	long sum;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, O_NONBLOCK, 0, 0);
	TRIGGER_N(u, 2);
	tu_msleep(100);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 1, "queue %u after 2 triggers, expected 1", st.queue);
	OK(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 0, "queue %u after PARAMS, expected 0", st.queue);
	ERR(read(l, buf, sizeof(buf)), EAGAIN);
	TRIGGER_N(u, 1);	/* PARAMS stopped the instance */
	tu_msleep(100);
	ERR(read(l, buf, sizeof(buf)), EAGAIN);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	TRIGGER_N(u, 1);
	sum = collect_plain(l, 1, 3000, 200, NULL, NULL);
	REQUIRE(sum == 1, "%ld ticks after restart, expected 1", sum);
	close(u);
	return 0;
}

static int c_old_requests(long arg)
{
	int u, id, l;
	long sum;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	REQUIRE(new_listener_dev(&l, SNDRV_TIMER_GLOBAL_UDRIVEN, id, 0, 0, SNDRV_TIMER_PSFLG_AUTO, 1,
				 0, false) == 0, "listener %s: %s", g_step, tu_errname(errno));
	OK(ioctl(l, _IO('T', 0x20)));		/* START_OLD */
	TRIGGER_N(u, 1);
	OK(ioctl(l, _IO('T', 0x23)));		/* PAUSE_OLD */
	TRIGGER_N(u, 1);
	OK(ioctl(l, _IO('T', 0x22)));		/* CONTINUE_OLD */
	TRIGGER_N(u, 1);
	/* STOP_OLD (0x5421) equals FIONBIO, which the VFS handles itself */
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	ERR(ioctl(l, _IO('T', 0x23)), EBUSY);	/* PAUSE_OLD when stopped */
	sum = collect_plain(l, 2, 3000, 300, NULL, NULL);
	REQUIRE(sum == 2, "%ld ticks, expected 2", sum);
	close(u);
	return 0;
}

static int c_unknown_ioctl(long arg)
{
	int fd, v = 0;
	unsigned int t;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, _IO('T', 0x7f)), ENOTTY);
	ERR(ioctl(fd, _IOR('T', 0x7e, int), &v), ENOTTY);
	ERR(ioctl(fd, _IO('T', 0xa7)), ENOTTY);
	ERR(ioctl(fd, _IOR('U', 0x00, int), &v), ENOTTY);	/* PCM-style request */
	SELECT_SYSTEM(fd, t);
	ERR(ioctl(fd, _IO('T', 0x7f)), ENOTTY);
	return 0;
}

/* ------------------------------------------------------------------ */
/* CREATE                                                              */

static int c_create_efault(long arg)
{
	int fd;

	(void)arg;
	OPEN(fd, 0);
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, NULL), EFAULT);
	return 0;
}

static int c_create_res0(long arg)
{
	struct snd_timer_uinfo ui;
	int fd;

	(void)arg;
	OPEN(fd, 0);
	memset(&ui, 0, sizeof(ui));
	ui.fd = -1;
	ui.id = (unsigned int)-1;
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui), EINVAL);
	REQUIRE(ui.fd == -1 && ui.id == (unsigned int)-1, "id/fd changed to %d/%d", (int)ui.id, ui.fd);
	/* the descriptor still owns nothing and can CREATE afterwards */
	ERR(tu_trigger(fd), ENOTTY);
	ui.resolution = RES_10MS;
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui));
	return 0;
}

static int c_create_ok(long arg)
{
	struct snd_timer_uinfo ui;
	int fd, q;

	(void)arg;
	OPEN(fd, 0);
	OPEN(q, 0);
	memset(&ui, 0, sizeof(ui));
	ui.resolution = RES_10MS;
	ui.fd = 12345;
	ui.id = 4242;
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui));
	note("CREATE -> id %u fd %d", ui.id, ui.fd);
	REQUIRE(ui.id < SNDFUSE_UTIMERS_MAX, "id %u out of 0..127", ui.id);
	REQUIRE(ui.fd == -1, "fd %d, expected -1 (sndfuse binds the utimer to the calling fd)", ui.fd);
	REQUIRE(ginfo_errno(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, (int)ui.id)) == 0,
		"GINFO of the new utimer fails");
	OK(tu_trigger(fd));
	return 0;
}

static int c_create_twice(long arg)
{
	struct snd_timer_uinfo ui;
	int fd, q, id;

	(void)arg;
	OPEN(fd, 0);
	OPEN(q, 0);
	OK(tu_create(fd, RES_10MS, &id, NULL));
	memset(&ui, 0, sizeof(ui));
	ui.resolution = RES_10MS;
	ui.fd = -7;
	ui.id = 777;
	ERR(ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui), EBUSY);
	REQUIRE(ui.fd == -7 && ui.id == 777, "id/fd changed by failed CREATE");
	REQUIRE(ginfo_errno(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id)) == 0,
		"first utimer vanished after failed CREATE");
	OK(tu_trigger(fd));
	return 0;
}

static int c_create_on_selected_fd(long arg)
{
	int fd, id;
	unsigned int t;
	long sum;

	(void)arg;
	SELECT_SYSTEM(fd, t);
	OK(tu_create(fd, RES_10MS, &id, NULL));
	/* and the fd keeps working as a listener: re-SELECT its own utimer */
	OK(tu_select_global(fd, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	OK(tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0));
	OK(ioctl(fd, SNDRV_TIMER_IOCTL_START));
	TRIGGER_N(fd, 2);
	sum = collect_plain(fd, 2, 3000, 200, NULL, NULL);
	REQUIRE(sum == 2, "owner fd read %ld ticks of its own utimer, expected 2", sum);
	return 0;
}

static int c_create_lowest_id(long arg)
{
	int q, a, b, c, ia, ib, ic;

	(void)arg;
	OPEN(q, 0);
	REQUIRE(wait_no_utimers(q, GONE_WAIT_MS), "utimers left over from earlier checks");
	UTIMER(a, ia, RES_10MS);
	UTIMER(b, ib, RES_10MS);
	REQUIRE(ia == 0, "first id %d, expected 0 (none existed)", ia);
	REQUIRE(ib == ia + 1, "second id %d, expected %d", ib, ia + 1);
	close(a);
	REQUIRE(wait_utimer_gone(q, ia, GONE_WAIT_MS), "utimer %d still exists after close", ia);
	UTIMER(c, ic, RES_10MS);
	REQUIRE(ic == ia, "id %d after freeing %d, expected the lowest free id %d", ic, ia, ia);
	close(b);
	close(c);
	return 0;
}

static int c_create_limit(long arg)
{
	struct snd_timer_uinfo ui;
	struct rlimit rl;
	int fds[SNDFUSE_UTIMERS_MAX], q, extra, id;
	bool seen[SNDFUSE_UTIMERS_MAX] = { false };

	(void)arg;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 512) {
		rl.rlim_cur = rl.rlim_max < 512 ? rl.rlim_max : 512;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	OPEN(q, 0);
	REQUIRE(wait_no_utimers(q, GONE_WAIT_MS), "utimers left over from earlier checks");
	for (int i = 0; i < SNDFUSE_UTIMERS_MAX; i++) {
		REQUIRE(new_utimer(&fds[i], &id, RES_10MS) == 0, "utimer #%d: %s: %s", i, g_step,
			tu_errname(errno));
		REQUIRE(id >= 0 && id < SNDFUSE_UTIMERS_MAX && !seen[id], "utimer #%d got id %d", i, id);
		seen[id] = true;
	}
	OPEN(extra, 0);
	memset(&ui, 0, sizeof(ui));
	ui.resolution = RES_10MS;
	ui.fd = -1;
	ui.id = (unsigned int)-1;
	ERR(ioctl(extra, SNDRV_TIMER_IOCTL_CREATE, &ui), ENOSPC);
	REQUIRE(ui.fd == -1 && ui.id == (unsigned int)-1, "failed CREATE changed id/fd");
	/* free one id in the middle: exactly that one comes back */
	close(fds[57]);
	REQUIRE(wait_utimer_gone(q, 57, GONE_WAIT_MS), "utimer 57 still exists after close");
	OK(tu_create(extra, RES_10MS, &id, NULL));
	REQUIRE(id == 57, "got id %d, expected the only free id 57", id);
	close(extra);
	for (int i = 0; i < SNDFUSE_UTIMERS_MAX; i++)
		if (i != 57)
			close(fds[i]);
	REQUIRE(wait_no_utimers(q, 3 * GONE_WAIT_MS), "utimers remain after closing all owners");
	OPEN(extra, 0);
	OK(tu_create(extra, RES_10MS, &id, NULL));
	REQUIRE(id == 0, "id %d after all were freed, expected 0", id);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TRIGGER                                                             */

static int c_trigger_plain_fd(long arg)
{
	int fd;
	unsigned int t;

	(void)arg;
	OPEN(fd, 0);
	ERR(tu_trigger(fd), ENOTTY);
	SELECT_SYSTEM(fd, t);
	ERR(tu_trigger(fd), ENOTTY);
	return 0;
}

static int c_trigger_other_open(long arg)
{
	int u, id, b, l, st;
	pid_t pid;
	long sum;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	OPEN(b, 0);
	ERR(tu_trigger(b), ENOTTY);
	OK(tu_select_global(b, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	ERR(tu_trigger(b), ENOTTY);
	/* another process with its own open of the node */
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int c = tu_open(0);

		if (c < 0)
			_exit(2);
		if (tu_trigger(c) == 0)
			_exit(3);
		_exit(errno == ENOTTY ? 0 : 4);
	}
	REQUIRE(waitpid(pid, &st, 0) == pid, "waitpid");
	REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"child's own open: TRIGGER did not fail with ENOTTY (status 0x%x)", st);
	sum = collect_plain(l, 0, 0, 300, NULL, NULL);
	REQUIRE(sum == 0, "listener got %ld ticks from refused triggers", sum);
	close(u);
	return 0;
}

static int c_trigger_shared_description(long arg)
{
	int q, u, id, d, l, st;
	pid_t pid;
	long sum;

	(void)arg;
	OPEN(q, 0);
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	d = dup(u);
	REQUIRE(d >= 0, "dup: %s", strerror(errno));
	OK(tu_trigger(d));
	/* a child inherits the same open file description */
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		_exit(tu_trigger(u) == 0 ? 0 : 1);
	REQUIRE(waitpid(pid, &st, 0) == pid, "waitpid");
	REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0, "TRIGGER from a child sharing the fd failed");
	close(u);
	tu_msleep(300);
	REQUIRE(ginfo_errno(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id)) == 0,
		"utimer destroyed although a dup of its fd is still open");
	OK(tu_trigger(d));
	sum = collect_plain(l, 3, 3000, 200, NULL, NULL);
	REQUIRE(sum == 3, "listener got %ld ticks, expected 3", sum);
	close(d);
	REQUIRE(wait_utimer_gone(q, id, GONE_WAIT_MS), "utimer survives the close of its last fd");
	return 0;
}

static int c_trigger_closed(long arg)
{
	int u, id;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	close(u);
	ERR(tu_trigger(u), EBADF);
	return 0;
}

/* ------------------------------------------------------------------ */
/* listeners                                                           */

static int c_destroyed_listener(long arg)
{
	struct snd_timer_info info;
	struct snd_timer_status st;
	struct snd_timer_read rec;
	int q, u, id, l, n;
	long sum;

	(void)arg;
	OPEN(q, 0);
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, O_NONBLOCK, 0, 0);
	TRIGGER_N(u, 1);
	sum = collect_plain(l, 1, 3000, 0, NULL, NULL);
	REQUIRE(sum == 1, "%ld ticks before destruction, expected 1", sum);
	close(u);
	REQUIRE(wait_utimer_gone(q, id, GONE_WAIT_MS), "utimer survives its owner's close");
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_INFO, &info), EBADFD);
	ERR(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0), EBADFD);
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_START), EINVAL);
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_STOP), EINVAL);
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_PAUSE), EINVAL);
	ERR(ioctl(l, SNDRV_TIMER_IOCTL_CONTINUE), EINVAL);
	memset(&st, 0xff, sizeof(st));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.resolution == 0 && st.queue == 0, "STATUS of a detached instance: resolution %u queue %u,"
		" expected 0 and 0", st.resolution, st.queue);
	ERR(read(l, &rec, sizeof(rec)), EAGAIN);
	OPEN(n, 0);
	ERR(tu_select_global(n, SNDRV_TIMER_GLOBAL_UDRIVEN, id), ENODEV);
	/* the detached fd can still SELECT something else */
	OK(tu_select_global(l, 0, 0));
	return 0;
}

/*
 * Kernel quirk: an instance started while its timer already runs becomes
 * RUNNING only at the next interrupt, after that interrupt's ticks were
 * handed out.  One trigger after all listeners started (and draining what
 * it produced) puts every listener on the same footing.
 */
static void warm_up(int u, const int *l, int n)
{
	tu_trigger(u);
	for (int i = 0; i < n; i++)
		collect_plain(l[i], 0, 0, 100, NULL, NULL);
}

/* The kernel quirk above, asserted. */
static int c_delayed_start(long arg)
{
	int u, id, a, b;
	long sa, sb;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(a, id, O_NONBLOCK, 0, 0);	/* timer idle: runs at once */
	LISTENER(b, id, O_NONBLOCK, 0, 0);	/* timer running: delayed start */
	TRIGGER_N(u, 2);
	sa = collect_plain(a, 2, 3000, 200, NULL, NULL);
	sb = collect_plain(b, 1, 3000, 200, NULL, NULL);
	REQUIRE(sa == 2 && sb == 1,
		"2 triggers gave %ld ticks to the first and %ld to the second listener, expected 2 and 1"
		" (the second START is delayed to the next interrupt)", sa, sb);
	close(u);
	return 0;
}

static int c_listeners_16(long arg)
{
	enum { NL = 16, K = 50 };
	int u, id, l[NL];

	(void)arg;
	UTIMER(u, id, RES_10MS);
	for (int i = 0; i < NL; i++)
		LISTENER(l[i], id, O_NONBLOCK, 0, 0);
	warm_up(u, l, NL);
	TRIGGER_N(u, K);
	for (int i = 0; i < NL; i++) {
		long sum = collect_plain(l[i], K, 5000, 100, NULL, NULL);

		REQUIRE(sum == K, "listener %d read %ld ticks, expected %d", i, sum, K);
	}
	close(u);
	return 0;
}

struct reader_job {
	int fd;
	int want;
	long got;
	int err;
};

static void *reader_thread(void *arg)
{
	struct reader_job *j = arg;
	int64_t end = tu_now_ms() + 20000;

	while (j->got < j->want && tu_now_ms() < end) {
		struct pollfd pfd = { .fd = j->fd, .events = POLLIN };
		struct snd_timer_read rec[16];
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		n = read(j->fd, rec, sizeof(rec));	/* blocking fd */
		if (n < 0) {
			j->err = errno;
			return NULL;
		}
		for (size_t i = 0; i < (size_t)n / sizeof(rec[0]); i++)
			j->got += rec[i].ticks;
	}
	return NULL;
}

static int c_listeners_16_threads(long arg)
{
	enum { NL = 16, K = 50 };
	struct reader_job jobs[NL];
	pthread_t thr[NL];
	int u, id, lfd[NL];

	(void)arg;
	UTIMER(u, id, RES_10MS);
	for (int i = 0; i < NL; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		LISTENER(jobs[i].fd, id, 0, 0, 0);
		jobs[i].want = K;
		lfd[i] = jobs[i].fd;
	}
	warm_up(u, lfd, NL);
	for (int i = 0; i < NL; i++)
		REQUIRE(pthread_create(&thr[i], NULL, reader_thread, &jobs[i]) == 0, "pthread_create");
	tu_msleep(100);
	for (int i = 0; i < K; i++) {
		TRIGGER_N(u, 1);
		tu_msleep(2);
	}
	for (int i = 0; i < NL; i++)
		pthread_join(thr[i], NULL);
	for (int i = 0; i < NL; i++) {
		REQUIRE(!jobs[i].err, "reader %d: read: %s", i, tu_errname(jobs[i].err));
		REQUIRE(jobs[i].got == K, "reader %d got %ld ticks, expected %d", i, jobs[i].got, K);
		REQUIRE(collect_plain(jobs[i].fd, 0, 0, 50, NULL, NULL) == 0, "reader %d: extra ticks", i);
	}
	close(u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* read()                                                              */

static int c_plain_read(long arg)
{
	struct snd_timer_read rec[8];
	char small[12];
	int u, id, l;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, O_NONBLOCK, 0, 0);
	TRIGGER_N(u, 3);
	tu_msleep(200);
	n = read(l, rec, sizeof(rec));
	REQUIRE(n == (ssize_t)sizeof(rec[0]), "read returned %zd (%s), expected one 8-byte record",
		n, n < 0 ? tu_errname(errno) : "-");
	REQUIRE(rec[0].resolution == RES_10MS, "record resolution %u, expected %llu",
		rec[0].resolution, RES_10MS);
	REQUIRE(rec[0].ticks == 3, "record ticks %u, expected 3 (merged)", rec[0].ticks);
	/* a buffer that is not a multiple of the record size gets whole records */
	TRIGGER_N(u, 1);
	tu_msleep(100);
	n = read(l, small, sizeof(small));
	REQUIRE(n == 8, "read(12) returned %zd, expected 8", n);
	close(u);
	return 0;
}

static int c_early_event(long arg)
{
	struct snd_timer_read rec[4];
	struct snd_timer_tread ev[4];
	int u, id, l, t;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	REQUIRE(new_listener_dev(&l, SNDRV_TIMER_GLOBAL_UDRIVEN, id, O_NONBLOCK, 0,
				 SNDRV_TIMER_PSFLG_AUTO | SNDRV_TIMER_PSFLG_EARLY_EVENT, 1, 0, false) == 0,
		"listener %s: %s", g_step, tu_errname(errno));
	n = read(l, rec, sizeof(rec));
	REQUIRE(n == 8, "plain: read returned %zd (%s), expected the 8-byte early record", n,
		n < 0 ? tu_errname(errno) : "-");
	REQUIRE(rec[0].resolution == 0 && rec[0].ticks == 0, "plain early record {%u,%u}, expected {0,0}",
		rec[0].resolution, rec[0].ticks);
	REQUIRE(new_listener_dev(&t, SNDRV_TIMER_GLOBAL_UDRIVEN, id, O_NONBLOCK, 1,
				 SNDRV_TIMER_PSFLG_AUTO | SNDRV_TIMER_PSFLG_EARLY_EVENT, 1, EV(TICK),
				 false) == 0, "tread listener %s: %s", g_step, tu_errname(errno));
	n = read(t, ev, sizeof(ev));
	REQUIRE(n == 32, "tread: read returned %zd, expected one 32-byte record", n);
	REQUIRE(ev[0].event == SNDRV_TIMER_EVENT_EARLY && ev[0].val == 0 && ev[0].tstamp.tv_sec == 0 &&
		ev[0].tstamp.tv_nsec == 0, "tread early record: event %d val %u", ev[0].event, ev[0].val);
	close(u);
	return 0;
}

static int c_tread_events(long arg)
{
	struct snd_timer_tread ev[16];
	int u, id, l, n;
	static const int want[][2] = {
		{ SNDRV_TIMER_EVENT_START, (int)RES_10MS },
		{ SNDRV_TIMER_EVENT_RESOLUTION, (int)RES_10MS },
		{ SNDRV_TIMER_EVENT_TICK, 3 },
		{ SNDRV_TIMER_EVENT_STOP, 0 },
	};

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 1, EV(TICK) | EV(START) | EV(RESOLUTION) | EV(STOP));
	TRIGGER_N(u, 3);
	tu_msleep(100);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	n = collect_tread(l, ev, 16, 4, 3000);
	REQUIRE(n >= 0, "read: %s", n == -2 ? "partial record" : tu_errname(errno));
	if (expect_events(ev, n, want, 4))
		return 1;
	for (int i = 0; i < n; i++) {
		REQUIRE(tstamp_near_now(ev[i].tstamp), "event %d timestamp %lld.%09ld not near CLOCK_MONOTONIC now",
			i, (long long)ev[i].tstamp.tv_sec, (long)ev[i].tstamp.tv_nsec);
		if (i)
			REQUIRE(ev[i].tstamp.tv_sec > ev[i - 1].tstamp.tv_sec ||
				(ev[i].tstamp.tv_sec == ev[i - 1].tstamp.tv_sec &&
				 ev[i].tstamp.tv_nsec >= ev[i - 1].tstamp.tv_nsec),
				"timestamps go backwards at event %d", i);
	}
	close(u);
	return 0;
}

static int c_tread_no_filter(long arg)
{
	struct snd_timer_tread ev[4];
	int u, id, l;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, O_NONBLOCK, 1, 0);	/* filter 0: nothing is queued */
	TRIGGER_N(u, 3);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	tu_msleep(200);
	ERR(read(l, ev, sizeof(ev)), EAGAIN);
	close(u);
	return 0;
}

static int c_tread64(long arg)
{
	struct snd_timer_tread ev[4];
	int u, id, l, one = 1;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	OPEN(l, 0);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_TREAD64, &one));
	OK(tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	OK(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 0, EV(TICK)));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	TRIGGER_N(u, 1);
	n = read(l, ev, sizeof(ev));
	REQUIRE(n == 32, "read returned %zd, expected one 32-byte record", n);
	REQUIRE(ev[0].event == SNDRV_TIMER_EVENT_TICK && ev[0].val == 1, "event %d val %u",
		ev[0].event, ev[0].val);
	close(u);
	return 0;
}

static int c_read_small_buffer(long arg)
{
	struct snd_timer_status st;
	char buf[64];
	int u, id, l, t;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);	/* blocking fd: a short read must not block */
	LISTENER(t, id, 0, 1, EV(TICK));
	REQUIRE(read(l, buf, 7) == 0, "plain read(7) on an empty queue did not return 0");
	REQUIRE(read(l, buf, 0) == 0, "plain read(0) did not return 0");
	TRIGGER_N(u, 2);	/* 2: t started while the timer ran (delayed start) */
	tu_msleep(100);
	REQUIRE(read(l, buf, 7) == 0, "plain read(7) with a record queued did not return 0");
	REQUIRE(read(t, buf, 31) == 0, "tread read(31) did not return 0");
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 1, "queue %u after short reads, expected 1", st.queue);
	REQUIRE(read(l, buf, 8) == 8, "read(8) did not return the record");
	REQUIRE(read(t, buf, 32) == 32, "tread read(32) did not return the record");
	close(u);
	return 0;
}

static int c_read_nonblock(long arg)
{
	char buf[64];
	int u, id, l, e, b;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, O_NONBLOCK, 0, 0);
	ERR(read(l, buf, sizeof(buf)), EAGAIN);
	OPEN(e, O_NONBLOCK);
	ERR(read(e, buf, sizeof(buf)), EAGAIN);		/* never selected */
	/* O_NONBLOCK switched on later with fcntl applies to the next read */
	LISTENER(b, id, 0, 0, 0);
	OK(fcntl(b, F_SETFL, fcntl(b, F_GETFL) | O_NONBLOCK));
	ERR(read(b, buf, sizeof(buf)), EAGAIN);
	close(u);
	return 0;
}

/* A blocking read returns what is queued without waiting to fill the buffer. */
static int c_read_partial(long arg)
{
	struct snd_timer_tread ev[10];
	struct trig_job rescue;
	pthread_t thr;
	int u, id, l;
	int64_t t0, dt;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 1, EV(TICK) | EV(START));
	TRIGGER_N(u, 1);
	tu_msleep(100);
	rescue = (struct trig_job){ .fd = u, .count = 20, .delay_ms = 5000, .interval_ms = 100 };
	pthread_create(&thr, NULL, trig_thread, &rescue);
	t0 = tu_now_ms();
	n = read(l, ev, sizeof(ev));
	dt = tu_now_ms() - t0;
	REQUIRE(n == 64, "read returned %zd, expected 64 (START + TICK)", n);
	REQUIRE(dt < 4000, "read waited %lld ms for more records", (long long)dt);
	pthread_cancel(thr);
	pthread_join(thr, NULL);
	close(u);
	return 0;
}

static int c_blocking_read_wakeup(long arg)
{
	struct snd_timer_read rec[4];
	struct trig_job job;
	pthread_t thr;
	int u, id, l;
	int64_t t0, dt;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	job = (struct trig_job){ .fd = u, .count = 1, .delay_ms = 300 };
	pthread_create(&thr, NULL, trig_thread, &job);
	t0 = tu_now_ms();
	n = read(l, rec, sizeof(rec));
	dt = tu_now_ms() - t0;
	pthread_join(thr, NULL);
	REQUIRE(!job.errors, "TRIGGER: %s", tu_errname(job.first_errno));
	REQUIRE(n == 8, "blocking read returned %zd (%s)", n, n < 0 ? tu_errname(errno) : "-");
	REQUIRE(rec[0].ticks == 1, "ticks %u, expected 1", rec[0].ticks);
	REQUIRE(dt >= 200, "read returned after %lld ms, before the trigger", (long long)dt);
	REQUIRE(dt < 5000, "read woke only after %lld ms", (long long)dt);
	close(u);
	return 0;
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct kill_job {
	pthread_t target;
	int trig_fd;
};

static void *interrupter(void *arg)
{
	struct kill_job *j = arg;

	tu_msleep(300);
	pthread_kill(j->target, SIGUSR1);
	/* rescue: if the read ignored the signal, wake it with ticks */
	tu_msleep(5000);
	for (int i = 0; i < 50; i++) {
		tu_trigger(j->trig_fd);
		tu_msleep(100);
	}
	return NULL;
}

static int c_blocking_read_eintr(long arg)
{
	struct snd_timer_read rec[4];
	struct sigaction sa;
	struct kill_job job;
	pthread_t thr;
	int u, id, l, e;
	ssize_t n;
	int64_t t0, dt;

	(void)arg;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	job.target = pthread_self();
	job.trig_fd = u;
	pthread_create(&thr, NULL, interrupter, &job);
	t0 = tu_now_ms();
	n = read(l, rec, sizeof(rec));
	e = errno;
	dt = tu_now_ms() - t0;
	pthread_cancel(thr);
	pthread_join(thr, NULL);
	REQUIRE(n == -1 && e == EINTR, "read returned %zd (%s) after %lld ms, expected EINTR", n,
		n < 0 ? tu_errname(e) : "-", (long long)dt);
	close(u);
	return 0;
}

/* A client SIGKILLed while blocked in read() dies, and its utimer goes away. */
static int c_sigkill_blocked_reader(long separate_fds)
{
	int q, pfd[2], id = -1, st;
	char ready = 0;
	pid_t pid, w;
	int64_t end;

	OPEN(q, 0);
	REQUIRE(pipe(pfd) == 0, "pipe");
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (pid == 0) {
		struct snd_timer_read rec;
		int u, cid, l;

		close(pfd[0]);
		if (new_utimer(&u, &cid, RES_10MS) < 0)
			_exit(2);
		if (separate_fds) {
			if (new_listener(&l, cid, 0, 0, 0) < 0)
				_exit(3);
		} else {
			/* the owner descriptor itself listens to its utimer */
			l = u;
			if (tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, cid) < 0 ||
			    tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0) < 0 ||
			    ioctl(l, SNDRV_TIMER_IOCTL_START) < 0)
				_exit(3);
		}
		if (write(pfd[1], &cid, sizeof(cid)) != sizeof(cid))
			_exit(4);
		for (;;)
			if (read(l, &rec, sizeof(rec)) < 0 && errno != EINTR)
				_exit(5);
	}
	close(pfd[1]);
	{
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };

		if (poll(&p, 1, 10000) > 0 && read(pfd[0], &id, sizeof(id)) == sizeof(id))
			ready = 1;
	}
	if (!ready) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		FAILF("child did not set up its utimer/listener (status 0x%x)", st);
	}
	tu_msleep(500);		/* let it block in read() */
	REQUIRE(ginfo_errno(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id)) == 0, "child's utimer %d missing", id);
	kill(pid, SIGKILL);
	end = tu_now_ms() + 10000;
	while ((w = waitpid(pid, &st, WNOHANG)) == 0 && tu_now_ms() < end)
		tu_msleep(10);
	REQUIRE(w == pid, "SIGKILLed client blocked in read() not reaped after 10 s (stuck in the FUSE request)");
	REQUIRE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child status 0x%x", st);
	REQUIRE(wait_utimer_gone(q, id, GONE_WAIT_MS), "killed client's utimer %d still exists", id);
	return 0;
}

/* ------------------------------------------------------------------ */
/* poll()                                                              */

static int c_poll_empty(long arg)
{
	struct pollfd pfd;
	int u, id, l, e;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	pfd = (struct pollfd){ .fd = l, .events = POLLIN };
	REQUIRE(poll(&pfd, 1, 0) == 0, "poll on an empty queue reported 0x%x", pfd.revents);
	REQUIRE(poll(&pfd, 1, 200) == 0, "poll(200 ms) on an empty queue reported 0x%x", pfd.revents);
	OPEN(e, 0);
	pfd = (struct pollfd){ .fd = e, .events = POLLIN };
	REQUIRE(poll(&pfd, 1, 0) == 0, "poll on an unselected fd reported 0x%x", pfd.revents);
	close(u);
	return 0;
}

static int c_poll_wakeup(long arg)
{
	struct pollfd pfd;
	struct trig_job job;
	pthread_t thr;
	int u, id, l, r;
	int64_t t0, dt;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	job = (struct trig_job){ .fd = u, .count = 1, .delay_ms = 300 };
	pthread_create(&thr, NULL, trig_thread, &job);
	pfd = (struct pollfd){ .fd = l, .events = POLLIN };
	t0 = tu_now_ms();
	r = poll(&pfd, 1, 5000);
	dt = tu_now_ms() - t0;
	pthread_join(thr, NULL);
	REQUIRE(r == 1 && (pfd.revents & POLLIN), "poll returned %d revents 0x%x after %lld ms", r,
		pfd.revents, (long long)dt);
	REQUIRE(dt < 4000, "poll woke only after %lld ms (no poll notification?)", (long long)dt);
	close(u);
	return 0;
}

/* poll() that timed out must not break the next poll() on the same fd */
static int c_poll_after_timeout(long arg)
{
	struct pollfd pfd;
	int u, id, l, r;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, (int)arg, 0, 0);
	for (int i = 0; i < 5; i++) {
		pfd = (struct pollfd){ .fd = l, .events = POLLIN };
		r = poll(&pfd, 1, 50);
		REQUIRE(r == 0, "poll #%d on an empty queue returned %d (revents 0x%x)", i, r, pfd.revents);
	}
	TRIGGER_N(u, 1);
	pfd = (struct pollfd){ .fd = l, .events = POLLIN };
	r = poll(&pfd, 1, 3000);
	REQUIRE(r == 1 && (pfd.revents & POLLIN), "poll after the trigger returned %d (revents 0x%x)", r,
		pfd.revents);
	close(u);
	return 0;
}

static int c_poll_mask(long arg)
{
	struct pollfd pfd;
	struct snd_timer_read rec;
	int u, id, l;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	LISTENER(l, id, 0, 0, 0);
	TRIGGER_N(u, 1);
	tu_msleep(100);
	pfd = (struct pollfd){ .fd = l, .events = POLLIN | POLLOUT | POLLRDNORM };
	REQUIRE(poll(&pfd, 1, 1000) == 1, "poll did not report the queued record");
	REQUIRE((pfd.revents & (POLLIN | POLLRDNORM)) == (POLLIN | POLLRDNORM),
		"revents 0x%x lacks POLLIN|POLLRDNORM", pfd.revents);
	REQUIRE(!(pfd.revents & (POLLOUT | POLLERR)), "revents 0x%x has POLLOUT/POLLERR", pfd.revents);
	REQUIRE(read(l, &rec, sizeof(rec)) == 8, "read");
	pfd.revents = 0;
	REQUIRE(poll(&pfd, 1, 0) == 0, "poll after draining reported 0x%x", pfd.revents);
	close(u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* STATUS                                                              */

static int c_status(long arg)
{
	struct snd_timer_status st;
	struct snd_timer_read rec;
	int u, id, l;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	REQUIRE(new_listener_dev(&l, SNDRV_TIMER_GLOBAL_UDRIVEN, id, O_NONBLOCK, 0,
				 SNDRV_TIMER_PSFLG_AUTO, 1, 0, false) == 0,
		"listener %s: %s", g_step, tu_errname(errno));
	memset(&st, 0xff, sizeof(st));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.tstamp.tv_sec == 0 && st.tstamp.tv_nsec == 0, "tstamp %lld.%09ld before START, expected 0",
		(long long)st.tstamp.tv_sec, (long)st.tstamp.tv_nsec);
	REQUIRE(st.resolution == RES_10MS, "resolution %u", st.resolution);
	REQUIRE(st.lost == 0 && st.overrun == 0 && st.queue == 0, "lost/overrun/queue %u/%u/%u",
		st.lost, st.overrun, st.queue);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(tstamp_near_now(st.tstamp), "tstamp %lld.%09ld after START not near CLOCK_MONOTONIC now",
		(long long)st.tstamp.tv_sec, (long)st.tstamp.tv_nsec);
	TRIGGER_N(u, 3);
	tu_msleep(100);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 1, "queue %u after 3 merged ticks, expected 1", st.queue);
	REQUIRE(st.overrun == 0, "overrun %u", st.overrun);
	REQUIRE(read(l, &rec, sizeof(rec)) == 8, "read");
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 0, "queue %u after reading, expected 0", st.queue);
	close(u);
	return 0;
}

/* queue of 32 tread records, 40 START/STOP events: 32 kept, 8 overruns */
static int c_status_overrun(long arg)
{
	struct snd_timer_status st;
	struct snd_timer_tread ev[64];
	int u, id, l, one = 1;
	ssize_t n;

	(void)arg;
	UTIMER(u, id, RES_10MS);
	OPEN(l, O_NONBLOCK);
	OK(ioctl(l, SNDRV_TIMER_IOCTL_TREAD, &one));
	OK(tu_select_global(l, SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	OK(tu_params(l, SNDRV_TIMER_PSFLG_AUTO, 1, 32, EV(START) | EV(STOP)));
	for (int i = 0; i < 20; i++) {
		OK(ioctl(l, SNDRV_TIMER_IOCTL_START));
		OK(ioctl(l, SNDRV_TIMER_IOCTL_STOP));
	}
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 32, "queue %u, expected 32 (full)", st.queue);
	REQUIRE(st.overrun == 8, "overrun %u, expected 8", st.overrun);
	n = read(l, ev, sizeof(ev));
	REQUIRE(n == 32 * 32, "read returned %zd, expected 32 records", n);
	for (int i = 0; i < 32; i++)
		REQUIRE(ev[i].event == (i % 2 ? SNDRV_TIMER_EVENT_STOP : SNDRV_TIMER_EVENT_START),
			"record %d is %s", i, evname(ev[i].event));
	OK(ioctl(l, SNDRV_TIMER_IOCTL_STATUS, &st));
	REQUIRE(st.queue == 0 && st.overrun == 8, "after read: queue %u overrun %u, expected 0 and 8",
		st.queue, st.overrun);
	close(u);
	return 0;
}

/* ------------------------------------------------------------------ */
/* real clocks                                                         */

static int c_system_timer_ticks(long arg)
{
	unsigned int res = 0;
	unsigned long sres;
	int fd, nrec;
	long sum;

	(void)arg;
	OPEN(fd, 0);
	sres = system_resolution(fd);
	close(fd);
	REQUIRE(new_listener_dev(&fd, SNDRV_TIMER_GLOBAL_SYSTEM, 0, 0, 0, SNDRV_TIMER_PSFLG_AUTO,
				 ticks_for_1ms(sres), 0, true) == 0,
		"listener %s: %s", g_step, tu_errname(errno));
	tu_msleep(300);
	sum = collect_plain(fd, 1, 3000, 0, &nrec, &res);
	note("system timer: %ld ticks in %d records over ~300 ms (resolution %lu)", sum, nrec, sres);
	REQUIRE(sum > 0, "no ticks from the running system timer");
	REQUIRE(res == sres, "record resolution %u, expected %lu", res, sres);
	return 0;
}

static int c_hrtimer_ticks(long arg)
{
	struct snd_timer_ginfo gi;
	int fd;
	long sum;

	(void)arg;
	OPEN(fd, 0);
	OK(tu_ginfo(fd, tu_gtid(SNDRV_TIMER_GLOBAL_HRTIMER, 0), &gi));
	close(fd);
	REQUIRE(new_listener_dev(&fd, SNDRV_TIMER_GLOBAL_HRTIMER, 0, 0, 0, SNDRV_TIMER_PSFLG_AUTO,
				 ticks_for_1ms(gi.resolution) * 10, 0, true) == 0,
		"listener %s: %s", g_step, tu_errname(errno));
	sum = collect_plain(fd, 1, 3000, 0, NULL, NULL);
	REQUIRE(sum > 0, "no ticks from the running hrtimer");
	return 0;
}

/* ------------------------------------------------------------------ */
/* table and runner                                                    */

struct check {
	const char *name;
	int (*fn)(long);
	long arg;
	int timeout_s;		/* 0: the default watchdog */
};

static const struct check checks[] = {
	{ "PVERSION is 2.0.x", c_pversion, 0, 0 },
	{ "PVERSION with NULL -> EFAULT", c_pversion_efault, 0, 0 },
	{ "NEXT_DEVICE walk: system, hrtimer, the card's PCM timers, end marker", c_next_device_walk, 0, 0 },
	{ "NEXT_DEVICE: slave/unknown class -> end marker, card/pcm -> first PCM timer", c_next_device_bad_class, 0, 0 },
	{ "NEXT_DEVICE lists utimers once as device 4 (lowest id)", c_next_device_utimers, 0, 0 },
	{ "GINFO system timer", c_ginfo_system, 0, 0 },
	{ "GINFO hrtimer", c_ginfo_hrtimer, 0, 0 },
	{ "GINFO absent timers -> ENODEV", c_ginfo_absent, 0, 0 },
	{ "GINFO with NULL -> EFAULT", c_ginfo_efault, 0, 0 },
	{ "GINFO utimer: id, resolution, clients", c_ginfo_utimer, 0, 0 },
	{ "INFO after SELECT of a utimer", c_info_utimer, 0, 0 },
	{ "GPARAMS -> ENOSYS/ENOTTY (system, utimer), ENODEV (absent)", c_gparams, 0, 0 },
	{ "GPARAMS on a timer in use -> EBUSY", c_gparams_busy, 0, 0 },
	{ "GPARAMS with NULL -> EFAULT", c_gparams_efault, 0, 0 },
	{ "GSTATUS system timer", c_gstatus_system, 0, 0 },
	{ "GSTATUS absent timers -> ENODEV", c_gstatus_absent, 0, 0 },
	{ "GSTATUS utimer resolution_num/den", c_gstatus_utimer, 0, 0 },
	{ "INFO before SELECT -> EBADFD", c_unselected_ebadfd, R_INFO, 0 },
	{ "PARAMS before SELECT -> EBADFD", c_unselected_ebadfd, R_PARAMS, 0 },
	{ "STATUS before SELECT -> EBADFD", c_unselected_ebadfd, R_STATUS, 0 },
	{ "START before SELECT -> EBADFD", c_unselected_ebadfd, R_START, 0 },
	{ "STOP before SELECT -> EBADFD", c_unselected_ebadfd, R_STOP, 0 },
	{ "CONTINUE before SELECT -> EBADFD", c_unselected_ebadfd, R_CONTINUE, 0 },
	{ "PAUSE before SELECT -> EBADFD", c_unselected_ebadfd, R_PAUSE, 0 },
	{ "SELECT absent timers -> ENODEV", c_select_absent, 0, 0 },
	{ "SELECT system timer, INFO id/name", c_select_system_info, 0, 0 },
	{ "failed SELECT leaves the fd unselected", c_select_failure_unselects, 0, 0 },
	{ "SELECT slave class with bad sclass -> EINVAL", c_select_slave_einval, 0, 0 },
	{ "SELECT of an exclusively held timer -> EBUSY", c_select_exclusive, 0, 0 },
	{ "SELECT with NULL -> EFAULT", c_select_efault, 0, 0 },
	{ "PARAMS ticks 0 -> EINVAL", c_params_ticks0, 0, 0 },
	{ "PARAMS queue_size bounds (32..1024, 0 keeps)", c_params_queue_size, 0, 0 },
	{ "PARAMS filter with EARLY or unknown bits -> EINVAL", c_params_filter, 0, 0 },
	{ "PARAMS period below 1 ms -> EINVAL (hrtimer)", c_params_min_period_hrtimer, 0, 0 },
	{ "PARAMS period below 1 ms -> EINVAL (1 us utimer)", c_params_min_period_utimer, 0, 0 },
	{ "START with a first period below 100 us -> EINVAL", c_start_min_period, 0, 0 },
	{ "PARAMS with NULL -> EFAULT", c_params_efault, 0, 0 },
	{ "TREAD after SELECT -> EBUSY", c_tread_after_select, 0, 0 },
	{ "TREAD / TREAD64 before SELECT", c_tread_before_select, 0, 0 },
	{ "TREAD with NULL -> EFAULT", c_tread_efault, 0, 0 },
	{ "STOP on a stopped instance -> EBUSY", c_stop_not_running, 0, 0 },
	{ "PAUSE on a stopped/paused instance -> EBUSY", c_pause_not_running, 0, 0 },
	{ "START on a running instance restarts it (STOP+START)", c_start_twice, 0, 0 },
	{ "CONTINUE/PAUSE/STOP events and tick gating", c_pause_continue_events, 0, 0 },
	{ "CONTINUE after PAUSE+START while running -> EBUSY", c_continue_after_pause_start, 0, 0 },
	{ "one-shot instance (no AUTO) ticks once", c_oneshot, 0, 0 },
	{ "STOP stops ticks, START resumes", c_stop_stops_ticks, 0, 0 },
	{ "PARAMS stops the instance and empties the queue", c_params_resets, 0, 0 },
	{ "old START/CONTINUE/PAUSE numbers (0x20, 0x22, 0x23)", c_old_requests, 0, 0 },
	{ "unknown requests -> ENOTTY", c_unknown_ioctl, 0, 0 },
	{ "CREATE with NULL -> EFAULT", c_create_efault, 0, 0 },
	{ "CREATE resolution 0 -> EINVAL, id/fd untouched", c_create_res0, 0, 0 },
	{ "CREATE returns id 0..127 and fd -1", c_create_ok, 0, 0 },
	{ "second CREATE on the same fd -> EBUSY", c_create_twice, 0, 0 },
	{ "CREATE on a selected fd; owner fd also listens", c_create_on_selected_fd, 0, 0 },
	{ "CREATE takes the lowest free id", c_create_lowest_id, 0, 0 },
	{ "129th utimer -> ENOSPC, ids reusable", c_create_limit, 0, 0 },
	{ "TRIGGER on a plain fd -> ENOTTY", c_trigger_plain_fd, 0, 0 },
	{ "TRIGGER on another open of the node -> ENOTTY", c_trigger_other_open, 0, 0 },
	{ "TRIGGER via dup/fork of the owner; last close destroys", c_trigger_shared_description, 0, 0 },
	{ "TRIGGER after close -> EBADF", c_trigger_closed, 0, 0 },
	{ "listener of a destroyed utimer: EBADFD/EINVAL/ENODEV", c_destroyed_listener, 0, 0 },
	{ "listener started on a running utimer ticks from the next trigger", c_delayed_start, 0, 0 },
	{ "16 listeners x 50 triggers (non-blocking reads)", c_listeners_16, 0, 0 },
	{ "16 blocking reader threads x 50 triggers", c_listeners_16_threads, 0, 0 },
	{ "plain read: 8-byte record, resolution, merged ticks", c_plain_read, 0, 0 },
	{ "EARLY_EVENT record after PARAMS (plain and tread)", c_early_event, 0, 0 },
	{ "tread: START, RESOLUTION, TICK(3), STOP with timestamps", c_tread_events, 0, 0 },
	{ "tread with filter 0 queues nothing", c_tread_no_filter, 0, 0 },
	{ "TREAD64 gives 32-byte records", c_tread64, 0, 0 },
	{ "read with a buffer below one record -> 0", c_read_small_buffer, 0, 0 },
	{ "non-blocking read on an empty queue -> EAGAIN", c_read_nonblock, 0, 0 },
	{ "blocking read returns queued records without filling buffer", c_read_partial, 0, 0 },
	{ "blocked read wakes on TRIGGER from another thread", c_blocking_read_wakeup, 0, 0 },
	{ "blocked read interrupted by a signal -> EINTR", c_blocking_read_eintr, 0, 0 },
	{ "SIGKILL of a reader blocked on its own utimer fd", c_sigkill_blocked_reader, 0, 0 },
	{ "SIGKILL of a reader blocked on a second fd", c_sigkill_blocked_reader, 1, 0 },
	{ "poll on an empty queue -> 0", c_poll_empty, 0, 0 },
	{ "poll wakes on TRIGGER from another thread", c_poll_wakeup, 0, 0 },
	{ "repeated timed-out polls, then POLLIN (blocking fd)", c_poll_after_timeout, 0, 15 },
	{ "repeated timed-out polls, then POLLIN (O_NONBLOCK fd)", c_poll_after_timeout, O_NONBLOCK, 15 },
	{ "poll mask: POLLIN|POLLRDNORM, never POLLOUT", c_poll_mask, 0, 0 },
	{ "STATUS: tstamp, resolution, queue", c_status, 0, 0 },
	{ "STATUS overrun after a full tread queue", c_status_overrun, 0, 0 },
	{ "system timer delivers ticks", c_system_timer_ticks, 0, 0 },
	{ "hrtimer delivers ticks", c_hrtimer_ticks, 0, 0 },
};

#define NCHECKS ((int)(sizeof(checks) / sizeof(checks[0])))

/* Wait for the daemon to have processed the RELEASEs of the last check. */
static void settle(const char *after)
{
	int fd = tu_open(0);
	int64_t end = tu_now_ms() + 15000;

	if (fd < 0)
		return;
	for (;;) {
		int u = first_utimer(fd);
		int cs = clients_of(fd, tu_gtid(0, 0));
		int ch = clients_of(fd, tu_gtid(SNDRV_TIMER_GLOBAL_HRTIMER, 0));

		if (u == -1 && cs <= 0 && ch <= 0)
			break;
		if (tu_now_ms() >= end) {
			printf("# warning: after '%s': utimer %d, system clients %d, hrtimer clients %d remain\n",
			       after, u, cs, ch);
			break;
		}
		tu_msleep(10);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	int opt, timeout_s = 60, failed = 0, num = 0;
	bool list = false;
	struct stat sb;

	while ((opt = getopt(argc, argv, "lvt:h")) != -1) {
		switch (opt) {
		case 'l':
			list = true;
			break;
		case 'v':
			g_verbose = 1;
			break;
		case 't':
			timeout_s = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-l] [-t SECONDS] [PATTERN...]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (list) {
		for (int i = 0; i < NCHECKS; i++)
			printf("%s\n", checks[i].name);
		return 0;
	}
	printf("# timer node: %s\n", sndfuse_timer_path());
	if (stat(sndfuse_timer_path(), &sb) < 0) {
		printf("not ok 1 - timer node exists: %s\n1..1\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < NCHECKS; i++) {
		bool want = optind >= argc;

		for (int a = optind; a < argc && !want; a++)
			want = strstr(checks[i].name, argv[a]) != NULL;
		if (!want)
			continue;
		failed += check_run(++num, checks[i].name, checks[i].fn, checks[i].arg,
				    checks[i].timeout_s && checks[i].timeout_s < timeout_s ?
				    checks[i].timeout_s : timeout_s);
		settle(checks[i].name);
	}
	printf("1..%d\n", num);
	printf("# %d passed, %d failed\n", num - failed, failed);
	return failed ? 1 : 0;
}
