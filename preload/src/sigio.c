/* SIGIO for sndfuse descriptors (docs/preload.md, "SIGIO"). A FUSE file has no fasync operation: the VFS keeps
 * F_SETOWN(_EX) and F_SETSIG, but F_SETFL drops O_ASYNC silently (setfl() sets FASYNC only through ->fasync)
 * and nothing ever signals. The kernel's devices signal through kill_fasync once per event
 * (snd_timer_user_interrupt: each tick queued; snd_pcm_period_elapsed: each period; snd_ctl_notify: each
 * control event), even when the program never reads; only the daemon knows when these happen. So this piece
 * keeps the O_ASYNC flag of each sndfuse description (F_GETFL shows it), lets the real fcntl do the rest (owner
 * and signal stay the kernel's, with its checks), and reports the description's state to the daemon with the
 * private ASYNC request; the daemon then sends the signals itself (pidfd_send_signal, si_fd set). No thread,
 * no polling here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sndfuse-preload.h"
#include "sndfuse-private.h"

/* Serialises "change, read back, report" per process, so two threads cannot report out of order. Held with
 * every signal blocked: a handler that calls fcntl/close cannot run on the holding thread (no self-deadlock),
 * and a handler on another thread just waits. Taken around fork so the child's copy starts unlocked. */
static pthread_mutex_t sigio_lock = PTHREAD_MUTEX_INITIALIZER;
static sigset_t fork_mask;

static void lock(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
	pthread_mutex_lock(&sigio_lock);
}

static void unlock(const sigset_t *old)
{
	pthread_mutex_unlock(&sigio_lock);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void fork_prepare(void)
{
	lock(&fork_mask);
}

static void fork_done(void)
{
	unlock(&fork_mask);
}

static int (*fcntl_fn)(int, int, ...);

/* fcntl is resolved here, not under sigio_lock: a first sf_real lookup takes the core's table lock, which a
 * concurrent fork's handlers may hold while they wait for sigio_lock. */
__attribute__((constructor)) static void sigio_init(void)
{
	fcntl_fn = sf_real("fcntl");
	pthread_atfork(fork_prepare, fork_done, fork_done);
}

/* The descriptions (HELLO tokens) with O_ASYNC on, and the descriptor it was switched on through (si_fd).
 * Bounded: a process asking for more gets ENOMEM from F_SETFL, as a failed fasync_helper allocation would. */
#define SF_ASYNC_MAX 256
static struct {
	uint64_t token;
	int fd;
} async_on[SF_ASYNC_MAX];
static int async_count;

static int async_find(uint64_t token)
{
	for (int i = 0; i < async_count; i++)
		if (async_on[i].token == token)
			return i;
	return -1;
}

static void async_drop(int i)
{
	async_on[i] = async_on[--async_count];
}

static int real_fcntl(int fd, int cmd, long arg)
{
	return fcntl_fn(fd, cmd, arg);
}

/* Reports the description's O_ASYNC state to the daemon, with the owner and signal as the VFS holds them.
 * number: the descriptor for the signals' si_fd (the one O_ASYNC was switched on through, as fasync_helper
 * records it), -1 to keep the daemon's. The daemon's errors are ignored: ESRCH/EPERM mean the owner cannot be
 * signalled, and the kernel's F_SETOWN succeeds in that case too, the signal just never comes. */
static void report(int fd, int on, int number)
{
	struct sndfuse_async a = { .on = on, .fd = number, .pid = getpid() };
	if (on) {
		struct f_owner_ex ex = { 0 };
		a.signo = real_fcntl(fd, F_GETSIG, 0);
		if (real_fcntl(fd, F_GETOWN_EX, (long)&ex) == 0) {
			a.owner_type = ex.type;
			a.owner = ex.pid;
		}
	}
	sf_real_ioctl(fd, SNDFUSE_IOCTL_ASYNC, &a);
}

/* F_SETFL: the real call for the other flags, then O_ASYNC switched here. Lock held. */
static int setfl(int fd, uint64_t token, long arg)
{
	int i = async_find(token);
	int want = (arg & O_ASYNC) != 0;
	if (want && i < 0 && async_count == SF_ASYNC_MAX) {
		errno = ENOMEM;
		return -1;
	}
	int r = real_fcntl(fd, F_SETFL, arg & ~O_ASYNC);
	if (r < 0)
		return r;
	if (want && i < 0) {
		async_on[async_count].token = token;
		async_on[async_count++].fd = fd;
		report(fd, 1, fd);
	} else if (!want && i >= 0) {
		async_drop(i);
		report(fd, 0, -1);
	}
	return r;
}

int sf_sigio_fcntl(int fd, const struct sf_fd *f, int cmd, long arg, int *ret)
{
	if (cmd != F_GETFL && cmd != F_SETFL && cmd != F_SETOWN && cmd != F_SETOWN_EX && cmd != F_SETSIG)
		return 0;
	sigset_t old;
	lock(&old);
	int on = async_find(f->token) >= 0;
	if (cmd == F_SETFL) {
		*ret = setfl(fd, f->token, arg);
	} else {
		/* the kernel's checks: EINVAL for a bad signal, ESRCH for no such owner */
		*ret = real_fcntl(fd, cmd, arg);
		if (cmd == F_GETFL && *ret >= 0 && on)
			*ret |= O_ASYNC;
		else if (cmd != F_GETFL && *ret >= 0 && on)
			report(fd, 1, -1); /* a new owner or signal while on (alsa-lib sets both after O_ASYNC) */
	}
	int e = errno;
	unlock(&old);
	errno = e;
	return 1;
}

/* Whether the description's owner is this process (or one of its threads). */
static int owned_here(int fd)
{
	struct f_owner_ex ex = { 0 };
	if (real_fcntl(fd, F_GETOWN_EX, (long)&ex) != 0 || ex.pid <= 0)
		return 0;
	if (ex.type == F_OWNER_TID)
		return syscall(SYS_tgkill, getpid(), ex.pid, 0) == 0;
	return ex.type != F_OWNER_PGRP && ex.pid == getpid();
}

/* Before the close of fd (or dup2 over it). The kernel drops the fasync entry when the description's last
 * reference goes; the daemon hears of that only with the asynchronous RELEASE, so a signal could still come
 * after close() returned. When this process closes its last descriptor of an O_ASYNC description, the entry
 * goes, and if the process is the owner the daemon's registration is switched off now. A forked child closing
 * its copy (not the owner) leaves the daemon's registration to the parent. */
void sf_sigio_close(int fd)
{
	if (!__atomic_load_n(&async_count, __ATOMIC_RELAXED))
		return; /* the usual close: no fstat, no lock */
	const struct sf_fd *f = sf_lookup_checked(fd);
	if (!f)
		return;
	int saved = errno;
	sigset_t old;
	lock(&old);
	int i = async_find(f->token);
	if (i >= 0 && !sf_shared(fd)) {
		async_drop(i);
		if (owned_here(fd))
			report(fd, 0, -1);
	}
	unlock(&old);
	errno = saved;
}
