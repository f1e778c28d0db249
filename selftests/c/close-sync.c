// SPDX-License-Identifier: MIT
/*
 * close-sync - close() of a utimer's last descriptor destroys the timer before close() returns
 * (docs/fuse-transport.md "Close and release": the FLUSH of a provably last reference releases it), and a
 * descriptor that is not the last one (a dup, a forked child's copy, even while that child exits holding other
 * descriptions of the mount) leaves it alive. TAP output.
 *
 * Plain mount: CREATE binds the utimer to the descriptor it ran on (README "The one deviation"), so that one
 * is closed. Under sndfuse exec the preload library hands out a new descriptor (a fresh open file
 * description, docs/preload.md "CREATE") and the one CREATE ran on stays open: the new one is closed.
 */
#define _GNU_SOURCE
#include "tutil.h"
#include "check.h"

#define RES 20000000
#define ROUNDS 200

/* whether G4.id exists now (GINFO on probe); *err gets errno when it does not */
static int exists(int probe, int id, int *err)
{
	struct snd_timer_ginfo gi;
	int r = tu_ginfo(probe, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi);

	*err = r == 0 ? 0 : errno;
	return r == 0;
}

static int g_library; /* CREATE handed out a new descriptor (the preload library) */

/* CREATE on ctl; *owner gets the descriptor that owns the utimer (the library's new one, or ctl) */
static int create(int ctl, int *id, int *owner)
{
	int ufd = -1;

	if (tu_create(ctl, RES, id, &ufd) < 0)
		return -1;
	g_library = ufd >= 0;
	*owner = tu_trigger_fd(ctl, ufd);
	return 0;
}

static int library_mode(int ctl)
{
	(void)ctl;
	return g_library;
}

static int check_close_destroys(long arg)
{
	int probe, ctl = -1, id, owner, first = -1, err, found = 0, shifted = 0, wrong_errno = 0, library = 0;

	(void)arg;
	/* the previous suite's background listeners may still be exiting: their FLUSHes during a reading make a
	 * close asynchronous (docs/fuse-transport.md "What stays asynchronous"), so let them finish first */
	usleep(500000);
	OK(probe = tu_open(0));
	/* a description no request has reached may not be installed yet, so while one is open a close cannot be
	 * proven the last (docs/fuse-transport.md "What stays asynchronous"): the probe carries one request first */
	exists(probe, 0, &err);
	for (int i = 0; i < ROUNDS; i++) {
		if (ctl < 0)
			OK(ctl = tu_open(0));
		OK(create(ctl, &id, &owner));
		library = owner != ctl;
		if (first < 0)
			first = id;
		shifted += id != first;
		OK(close(owner));
		if (!library)
			ctl = -1;
		if (exists(probe, id, &err))
			found++;
		else if (err != ENODEV)
			wrong_errno++;
	}
	if (ctl >= 0)
		close(ctl);
	note("%s: %d rounds, GINFO found the closed utimer %d times, CREATE got another id %d times",
	     library ? "the library's CREATE descriptor" : "the descriptor CREATE ran on", ROUNDS, found, shifted);
	REQUIRE(found == 0 && wrong_errno == 0, "GINFO after close() found the utimer %d of %d times (%d other errnos)",
		found, ROUNDS, wrong_errno);
	REQUIRE(shifted == 0, "CREATE after close() got an id other than %d in %d of %d rounds", first, shifted, ROUNDS);
	return 0;
}

/* one round of the dup case: 0, or 1 with the reason in g_detail */
static int dup_round(int probe, int ctl)
{
	int id, owner, dupfd, err;

	OK(create(ctl, &id, &owner));
	OK(dupfd = dup(owner));
	OK(close(owner));
	REQUIRE(exists(probe, id, &err), "closing one of two dups destroyed the utimer (GINFO: %s)", tu_errname(err));
	REQUIRE(tu_trigger(dupfd) == 0, "TRIGGER on the remaining dup: %s", tu_errname(errno));
	OK(close(dupfd));
	REQUIRE(!exists(probe, id, &err) && err == ENODEV, "after closing the second dup GINFO says %s, not ENODEV",
		err ? tu_errname(err) : "it exists");
	return 0;
}

static int check_dup(long arg)
{
	int probe, ctl = -1;

	(void)arg;
	OK(probe = tu_open(0));
	for (int i = 0; i < 50; i++) {
		if (ctl < 0)
			OK(ctl = tu_open(0));
		if (dup_round(probe, ctl))
			return 1;
		if (!library_mode(ctl))
			ctl = -1; /* closed as the owner */
	}
	return 0;
}

/* a new utimer whose owner is the only descriptor of its description this process holds */
static int owned_utimer(int *id, int *owner)
{
	int ctl;

	OK(ctl = tu_open(0));
	OK(create(ctl, id, owner));
	if (*owner != ctl)
		OK(close(ctl));
	return 0;
}

/* after a child's <what> of its copy: the parent's utimer lives, and the parent's close destroys it */
static int survives_then_dies(int probe, int id, int owner, const char *what)
{
	int err;

	REQUIRE(exists(probe, id, &err), "the child's %s destroyed the utimer the parent holds (GINFO: %s)", what,
		tu_errname(err));
	OK(close(owner));
	REQUIRE(!exists(probe, id, &err) && err == ENODEV, "after the parent's close GINFO says %s, not ENODEV",
		err ? tu_errname(err) : "it exists");
	return 0;
}

/* one round of the fork case */
static int fork_round(int probe)
{
	int id, owner, err, go[2], done[2], st;
	char c = 0;
	pid_t child;

	OK(owned_utimer(&id, &owner)); /* the child gets the owner only */
	OK(pipe(go));
	OK(pipe(done));
	OK(child = fork());
	if (child == 0) {
		/* holds its copy of the owner until told, closes it, reports */
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		c = close(owner) == 0 ? 'c' : 'e';
		_exit(write(done[1], &c, 1) == 1 ? 0 : 3);
	}
	close(go[0]);
	close(done[1]);
	OK(close(owner));
	int alive = exists(probe, id, &err);
	if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1 || c != 'c') {
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		FAILF("the child did not close its copy");
	}
	int gone = !exists(probe, id, &err) && err == ENODEV;
	waitpid(child, &st, 0);
	close(go[1]);
	close(done[0]);
	REQUIRE(alive, "the parent's close destroyed the utimer while the forked child held it");
	REQUIRE(gone, "after the child closed its copy GINFO says %s, not ENODEV", err ? tu_errname(err) : "it exists");
	return 0;
}

/* n rounds of round(probe), with one probe descriptor for GINFO */
static int repeat(int (*round)(int), int n)
{
	int probe;

	OK(probe = tu_open(0));
	for (int i = 0; i < n; i++)
		if (round(probe))
			return 1;
	return 0;
}

static int check_fork(long arg)
{
	(void)arg;
	return repeat(fork_round, 20);
}

/* one round of the exit case: a forked child inherits the owner, opens and uses a description of its own (on a
 * descriptor above the owner's), and exits holding both. Exit detaches the child's table before it flushes the
 * descriptors in order, so while the inherited owner is flushed the child's own description is in no table yet
 * not flushed (docs/fuse-transport.md "Close and release"): that must not pass for proof that the owner's last
 * reference went, because the parent still holds it. The child closes its copy of the probe first and the
 * parent uses the probe again before the exit, so that every other description is one a request reached. */
static int exit_round(int probe)
{
	int id, owner, err, st, go[2], done[2];
	char c = 0;
	pid_t child;

	OK(owned_utimer(&id, &owner));
	OK(pipe(go));
	OK(pipe(done));
	OK(child = fork());
	if (child == 0) {
		struct snd_timer_ginfo gi;
		int own, high;

		close(probe);
		own = tu_open(0);
		high = own < 0 ? -1 : fcntl(own, F_DUPFD, owner + 64);
		close(own);
		c = high >= 0 && tu_ginfo(high, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi) == 0 ? 'u' : 'e';
		if (write(done[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(0); /* exits holding the owner's copy and its own description */
	}
	close(go[0]);
	close(done[1]);
	int told = read(done[0], &c, 1) == 1 && c == 'u';
	int before = exists(probe, id, &err); /* a request on the probe again after the child's FLUSH of its copy */
	if (write(go[1], "x", 1) != 1)
		kill(child, SIGKILL);
	OK(waitpid(child, &st, 0)); /* reaped: every FLUSH of its exit has been answered */
	close(go[1]);
	close(done[0]);
	REQUIRE(told, "the child could not open and use a description of its own");
	REQUIRE(before, "the utimer was gone before the child exited (GINFO: %s)", tu_errname(err));
	REQUIRE(tu_trigger(owner) == 0, "TRIGGER on the parent's owner after the child's exit: %s", tu_errname(errno));
	return survives_then_dies(probe, id, owner, "exit");
}

static int check_exit(long arg)
{
	(void)arg;
	return repeat(exit_round, 20);
}

/* one round of the exec case: a child's close-on-exec copy of the owner is flushed during execve (which holds
 * the child's exec lock: the daemon must not wait for it), the utimer survives it and dies with the last close */
static int exec_round(int probe)
{
	int id, owner, st;
	int64_t t0;
	pid_t child;

	OK(owned_utimer(&id, &owner));
	OK(fcntl(owner, F_SETFD, FD_CLOEXEC));
	t0 = tu_now_ms();
	OK(child = fork());
	if (child == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	OK(waitpid(child, &st, 0));
	int64_t took = tu_now_ms() - t0;
	REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's exec failed (status %d)", st);
	REQUIRE(took < 5000, "fork + exec with the owner close-on-exec took %lld ms", (long long)took);
	return survives_then_dies(probe, id, owner, "exec");
}

static int check_exec(long arg)
{
	(void)arg;
	return repeat(exec_round, 10);
}

static const struct {
	const char *name;
	int (*fn)(long);
} checks[] = {
	{ "200 x (CREATE, close, GINFO -> ENODEV, CREATE -> the same id)", check_close_destroys },
	{ "50 x dup: closing one of two dups keeps the utimer, closing the second destroys it", check_dup },
	{ "20 x fork: the utimer stays while the child holds it, and is gone when its copy closes", check_fork },
	{ "10 x exec: a child's close-on-exec copy does not hold up execve or destroy the utimer", check_exec },
	{ "20 x exit: a child that exits holding the owner's copy and a description of its own leaves the utimer",
	  check_exit },
};

int main(int argc, char **argv)
{
	int n = (int)(sizeof(checks) / sizeof(checks[0])), failed = 0, fd;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (int i = 0; i < n; i++)
			printf("%d %s\n", i + 1, checks[i].name);
		return 0;
	}
	fd = tu_open(0);
	if (fd < 0) {
		printf("not ok 1 - open %s: %s\n1..1\n", sndfuse_timer_path(), strerror(errno));
		return 1;
	}
	close(fd);
	for (int i = 0; i < n; i++)
		failed += check_run(i + 1, checks[i].name, checks[i].fn, 0, 60);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
