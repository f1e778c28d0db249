/* The preload library's core (docs/preload.md): wraps the calls that open, duplicate, close, control and
 * map descriptors, recognises sndfuse nodes by a HELLO the daemon answers, keeps the table of the
 * process's sndfuse descriptors and hands the calls FUSE cannot carry to the pieces. Every call on a
 * descriptor that is not a sndfuse node goes straight to libc, with errno as libc left it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sndfuse-preload.h"
#include "sndfuse-private.h"

#define FUSE_SUPER_MAGIC 0x65735546

/* ---------------------------------------------------------------- the descriptor table
 * Two levels of 1024 entries; a page is mapped the first time a descriptor in its range is tracked and
 * never freed, so sf_lookup needs no lock and no call allocates on the hot path. An entry remembers the
 * node's device and inode so a descriptor closed behind the library's back (fclose of an fdopen'ed
 * descriptor, a raw close syscall) and reused for another file is not taken for a sndfuse node. */
#define SF_PAGE 1024
#define SF_PAGES 1024 /* descriptors 0 .. 1M-1; higher ones are never tracked */

struct sf_entry {
	struct sf_fd fd;
	dev_t dev;
	ino_t ino;
};

static struct sf_entry *sf_table[SF_PAGES];
static int sf_tracked; /* entries in use: 0 keeps every wrapper on its fast path */
static int sf_lock;    /* spinlock for table changes, taken with every signal blocked */

static void lock(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
	while (__atomic_exchange_n(&sf_lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&sf_lock, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static void unlock(const sigset_t *old)
{
	__atomic_store_n(&sf_lock, 0, __ATOMIC_RELEASE);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static struct sf_entry *entry(int fd)
{
	if (fd < 0 || fd >= SF_PAGE * SF_PAGES)
		return NULL;
	struct sf_entry *page = __atomic_load_n(&sf_table[fd / SF_PAGE], __ATOMIC_ACQUIRE);
	return page ? &page[fd % SF_PAGE] : NULL;
}

const struct sf_fd *sf_lookup(int fd)
{
	if (!__atomic_load_n(&sf_tracked, __ATOMIC_RELAXED))
		return NULL;
	struct sf_entry *e = entry(fd);
	return e && __atomic_load_n(&e->fd.kind, __ATOMIC_ACQUIRE) ? &e->fd : NULL;
}

/* The entry of a tracked fd that still names the node it was tracked for; a stale entry is dropped. */
const struct sf_fd *sf_lookup_checked(int fd)
{
	const struct sf_fd *f = sf_lookup(fd);
	if (!f)
		return NULL;
	int saved = errno;
	struct stat st;
	struct sf_entry *e = entry(fd);
	int same = fstat(fd, &st) == 0 && st.st_dev == e->dev && st.st_ino == e->ino;
	errno = saved;
	if (same)
		return f;
	sf_untrack(fd);
	return NULL;
}

/* Whether a tracked descriptor other than fd names fd's open file description (the same token). */
int sf_shared(int fd)
{
	const struct sf_fd *f = sf_lookup(fd);
	if (!f)
		return 0;
	for (unsigned p = 0; p < SF_PAGES; p++) {
		struct sf_entry *page = __atomic_load_n(&sf_table[p], __ATOMIC_ACQUIRE);
		for (unsigned i = 0; page && i < SF_PAGE; i++)
			if ((int)(p * SF_PAGE + i) != fd && __atomic_load_n(&page[i].fd.kind, __ATOMIC_ACQUIRE) &&
			    page[i].fd.token == f->token)
				return 1;
	}
	return 0;
}

static void put(int fd, int kind, uint64_t token, dev_t dev, ino_t ino)
{
	if (fd < 0 || fd >= SF_PAGE * SF_PAGES)
		return;
	sigset_t old;
	lock(&old);
	struct sf_entry *page = sf_table[fd / SF_PAGE];
	if (!page) {
		/* the raw syscall: the page outlives any wrapper and must not reach our own mmap */
		page = (void *)syscall(SYS_mmap, NULL, SF_PAGE * sizeof(struct sf_entry),
				       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED) {
			unlock(&old);
			return;
		}
		__atomic_store_n(&sf_table[fd / SF_PAGE], page, __ATOMIC_RELEASE);
	}
	struct sf_entry *e = &page[fd % SF_PAGE];
	int was = e->fd.kind;
	e->fd.token = token;
	e->dev = dev;
	e->ino = ino;
	__atomic_store_n(&e->fd.kind, kind, __ATOMIC_RELEASE);
	if (!was && kind)
		__atomic_add_fetch(&sf_tracked, 1, __ATOMIC_RELAXED);
	else if (was && !kind)
		__atomic_sub_fetch(&sf_tracked, 1, __ATOMIC_RELAXED);
	unlock(&old);
}

void sf_track(int fd, int kind, uint64_t token)
{
	int saved = errno;
	struct stat st;
	if (fstat(fd, &st) == 0)
		put(fd, kind, token, st.st_dev, st.st_ino);
	errno = saved;
}

void sf_untrack(int fd)
{
	struct sf_entry *e = entry(fd);
	if (e && __atomic_load_n(&e->fd.kind, __ATOMIC_ACQUIRE))
		put(fd, 0, 0, 0, 0);
}

/* ---------------------------------------------------------------- the real functions */
struct sf_sym {
	const char *name;
	void *fn;
};
static struct sf_sym sf_syms[64];

void *sf_real(const char *name)
{
	for (unsigned i = 0; i < sizeof(sf_syms) / sizeof(sf_syms[0]); i++) {
		const char *n = __atomic_load_n(&sf_syms[i].name, __ATOMIC_ACQUIRE);
		if (n && strcmp(n, name) == 0)
			return sf_syms[i].fn;
		if (!n) {
			void *fn = dlsym(RTLD_NEXT, name);
			sigset_t old;
			lock(&old);
			if (!sf_syms[i].name) { /* else another thread filled it: look again */
				sf_syms[i].fn = fn;
				__atomic_store_n(&sf_syms[i].name, name, __ATOMIC_RELEASE);
			}
			unlock(&old);
			if (sf_syms[i].name == name || strcmp(sf_syms[i].name, name) == 0)
				return sf_syms[i].fn;
		}
	}
	return dlsym(RTLD_NEXT, name);
}

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_open_2)(const char *, int);
static int (*real_open64_2)(const char *, int);
static int (*real_openat_2)(int, const char *, int);
static int (*real_openat64_2)(int, const char *, int);
static int (*real_close)(int);
static int (*real_close_range)(unsigned, unsigned, int);
static void (*real_closefrom)(int);
static int (*real_dup)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static int (*real_fcntl)(int, int, ...);
static int (*real_fcntl64)(int, int, ...);
static int (*real_ioctl)(int, unsigned long, ...);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static void *(*real_mmap64)(void *, size_t, int, int, int, off_t);
static int (*real_munmap)(void *, size_t);

#define RESOLVE(var, name) \
	do { if (!(var)) (var) = sf_real(name); } while (0)

/* fork() while another thread holds the table lock would leave the child's copy locked for good: take it
 * around fork so both sides start unlocked. */
static sigset_t sf_fork_mask;

static void fork_prepare(void)
{
	lock(&sf_fork_mask);
}

static void fork_done(void)
{
	unlock(&sf_fork_mask);
}

/* Resolved before main; a wrapper reached earlier (another library's constructor) resolves its own. */
__attribute__((constructor)) static void sf_init(void)
{
	pthread_atfork(fork_prepare, fork_done, fork_done);
	RESOLVE(real_open, "open");
	RESOLVE(real_open64, "open64");
	RESOLVE(real_openat, "openat");
	RESOLVE(real_openat64, "openat64");
	RESOLVE(real_open_2, "__open_2");
	RESOLVE(real_open64_2, "__open64_2");
	RESOLVE(real_openat_2, "__openat_2");
	RESOLVE(real_openat64_2, "__openat64_2");
	RESOLVE(real_close, "close");
	RESOLVE(real_close_range, "close_range");
	RESOLVE(real_closefrom, "closefrom");
	RESOLVE(real_dup, "dup");
	RESOLVE(real_dup2, "dup2");
	RESOLVE(real_dup3, "dup3");
	RESOLVE(real_fcntl, "fcntl");
	RESOLVE(real_fcntl64, "fcntl64");
	RESOLVE(real_ioctl, "ioctl");
	RESOLVE(real_mmap, "mmap");
	RESOLVE(real_mmap64, "mmap64");
	RESOLVE(real_munmap, "munmap");
}

int sf_real_ioctl(int fd, unsigned long request, void *arg)
{
	RESOLVE(real_ioctl, "ioctl");
	return real_ioctl(fd, request, arg);
}

/* ---------------------------------------------------------------- recognising a sndfuse node */

/* After a successful open: a sndfuse node is an empty regular file on a FUSE filesystem that answers
 * HELLO (docs/preload.md). Anything else is left alone; errno is kept as the open left it. */
static int probe(int fd, int flags)
{
	if (fd < 0 || (flags & O_PATH))
		return fd;
	int saved = errno;
	struct stat st;
	struct statfs sfs;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 && fstatfs(fd, &sfs) == 0 &&
	    (unsigned long)sfs.f_type == FUSE_SUPER_MAGIC) {
		struct sndfuse_hello h = { .version = SNDFUSE_PRIVATE_VERSION };
		if (sf_real_ioctl(fd, SNDFUSE_IOCTL_HELLO, &h) == 0 && h.kind != 0)
			put(fd, (int)h.kind, h.token, st.st_dev, st.st_ino);
	}
	errno = saved;
	return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

/* open, open64, openat, openat64: the mode argument exists only with O_CREAT or O_TMPFILE. */
#define OPEN_WRAPPER(name, real, params, args)                    \
	int name params                                           \
	{                                                         \
		va_list ap;                                       \
		va_start(ap, flags);                              \
		mode_t mode = mode_arg(flags, ap);                \
		va_end(ap);                                       \
		RESOLVE(real, #name);                             \
		return probe(real args, flags);                   \
	}
OPEN_WRAPPER(open, real_open, (const char *path, int flags, ...), (path, flags, mode))
OPEN_WRAPPER(open64, real_open64, (const char *path, int flags, ...), (path, flags, mode))
OPEN_WRAPPER(openat, real_openat, (int dirfd, const char *path, int flags, ...), (dirfd, path, flags, mode))
OPEN_WRAPPER(openat64, real_openat64, (int dirfd, const char *path, int flags, ...), (dirfd, path, flags, mode))

/* The _FORTIFY_SOURCE entry points a program compiled with -O2 -D_FORTIFY_SOURCE calls instead. */
int __open_2(const char *path, int flags)
{
	RESOLVE(real_open_2, "__open_2");
	return probe(real_open_2(path, flags), flags);
}

int __open64_2(const char *path, int flags)
{
	RESOLVE(real_open64_2, "__open64_2");
	return probe(real_open64_2(path, flags), flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	RESOLVE(real_openat_2, "__openat_2");
	return probe(real_openat_2(dirfd, path, flags), flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	RESOLVE(real_openat64_2, "__openat64_2");
	return probe(real_openat64_2(dirfd, path, flags), flags);
}

/* ---------------------------------------------------------------- close and dup */

/* Forgets fd before it is closed: once closed, its number may be reused by another thread's open. */
static void forget(int fd)
{
	if (sf_lookup(fd)) {
		sf_sigio_close(fd);
		sf_untrack(fd);
	}
}

int close(int fd)
{
	forget(fd);
	RESOLVE(real_close, "close");
	return real_close(fd);
}

static void forget_range(unsigned first, unsigned last)
{
	if (!__atomic_load_n(&sf_tracked, __ATOMIC_RELAXED))
		return;
	if (last >= SF_PAGE * SF_PAGES)
		last = SF_PAGE * SF_PAGES - 1;
	for (unsigned fd = first; fd <= last && __atomic_load_n(&sf_tracked, __ATOMIC_RELAXED); fd++) {
		if (!sf_table[fd / SF_PAGE]) {
			fd |= SF_PAGE - 1; /* skip the unmapped page */
			continue;
		}
		forget((int)fd);
	}
}

int close_range(unsigned first, unsigned last, int flags)
{
	RESOLVE(real_close_range, "close_range");
	if (!(flags & CLOSE_RANGE_CLOEXEC) && first <= last)
		forget_range(first, last);
	return real_close_range(first, last, flags);
}

void closefrom(int lowfd)
{
	RESOLVE(real_closefrom, "closefrom");
	if (lowfd >= 0)
		forget_range((unsigned)lowfd, ~0u);
	real_closefrom(lowfd);
}

/* The new descriptor names the same open file description: same kind, same token. */
static int copy(int oldfd, int newfd)
{
	if (newfd < 0)
		return newfd;
	const struct sf_fd *f = sf_lookup(oldfd);
	if (f) {
		struct sf_entry *e = entry(oldfd);
		put(newfd, f->kind, f->token, e->dev, e->ino);
	}
	return newfd;
}

int dup(int fd)
{
	RESOLVE(real_dup, "dup");
	return copy(fd, real_dup(fd));
}

/* After dup2/dup3 succeeded: newfd now names oldfd's description, and whatever it named before is closed.
 * Updated only on success, since a failed dup2 leaves newfd open as it was; no other thread can take the
 * number in between, as it stays occupied. */
static int replace(int oldfd, int newfd)
{
	if (newfd < 0 || oldfd == newfd)
		return newfd;
	if (sf_lookup(oldfd))
		return copy(oldfd, newfd);
	sf_untrack(newfd);
	return newfd;
}

/* Before dup2/dup3 replaces newfd (only when oldfd is valid, so the call will not fail for it): newfd still
 * names its old description here, which the SIGIO piece may have to switch off. */
static void before_replace(int oldfd, int newfd)
{
	if (oldfd == newfd || !sf_lookup(newfd))
		return;
	int saved = errno;
	RESOLVE(real_fcntl, "fcntl");
	if (real_fcntl(oldfd, F_GETFD) >= 0)
		sf_sigio_close(newfd);
	errno = saved;
}

int dup2(int oldfd, int newfd)
{
	RESOLVE(real_dup2, "dup2");
	before_replace(oldfd, newfd);
	return replace(oldfd, real_dup2(oldfd, newfd));
}

int dup3(int oldfd, int newfd, int flags)
{
	RESOLVE(real_dup3, "dup3");
	before_replace(oldfd, newfd);
	return replace(oldfd, real_dup3(oldfd, newfd, flags));
}

/* ---------------------------------------------------------------- fcntl */

static int do_fcntl(int (*real)(int, int, ...), int fd, int cmd, long arg)
{
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		return copy(fd, real(fd, cmd, arg));
	const struct sf_fd *f = sf_lookup_checked(fd);
	int ret;
	if (f && sf_sigio_fcntl(fd, f, cmd, arg, &ret))
		return ret;
	return real(fd, cmd, arg);
}

/* Every fcntl command takes at most one argument, an int or a pointer: reading it as a long is safe. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	RESOLVE(real_fcntl, "fcntl");
	return do_fcntl(real_fcntl, fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	RESOLVE(real_fcntl64, "fcntl64");
	return do_fcntl(real_fcntl64, fd, cmd, arg);
}

/* ---------------------------------------------------------------- ioctl */

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	RESOLVE(real_ioctl, "ioctl");
	const struct sf_fd *f = sf_lookup_checked(fd);
	if (f) {
		int ret;
		if (sf_create_ioctl(fd, f, request, arg, &ret) || sf_valuearg_ioctl(fd, f, request, arg, &ret))
			return ret;
	}
	return real_ioctl(fd, request, arg);
}

/* ---------------------------------------------------------------- mmap */

static void *do_mmap(void *(*real)(void *, size_t, int, int, int, off_t), void *addr, size_t len, int prot,
		     int flags, int fd, off_t off)
{
	void *ret;
	if (!(flags & MAP_ANONYMOUS) && sf_lookup_checked(fd) && sf_mmap(addr, len, prot, flags, fd, off, &ret))
		return ret;
	return real(addr, len, prot, flags, fd, off);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	RESOLVE(real_mmap, "mmap");
	return do_mmap(real_mmap, addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	RESOLVE(real_mmap64, "mmap64");
	return do_mmap(real_mmap64, addr, len, prot, flags, fd, off);
}

/* Called for every munmap: the mmap piece answers 0 at once when it has no mapping. */
int munmap(void *addr, size_t len)
{
	int ret;
	if (sf_munmap(addr, len, &ret))
		return ret;
	RESOLVE(real_munmap, "munmap");
	return real_munmap(addr, len);
}

/* ---------------------------------------------------------------- pieces not linked in
 * Weak no-op defaults, so the library links and behaves with any subset of the pieces present. */
__attribute__((weak)) int sf_create_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret)
{
	(void)fd; (void)f; (void)request; (void)arg; (void)ret;
	return 0;
}

__attribute__((weak)) int sf_valuearg_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret)
{
	(void)fd; (void)f; (void)request; (void)arg; (void)ret;
	return 0;
}

__attribute__((weak)) int sf_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **ret)
{
	(void)addr; (void)len; (void)prot; (void)flags; (void)fd; (void)off; (void)ret;
	return 0;
}

__attribute__((weak)) int sf_munmap(void *addr, size_t len, int *ret)
{
	(void)addr; (void)len; (void)ret;
	return 0;
}

__attribute__((weak)) int sf_sigio_fcntl(int fd, const struct sf_fd *f, int cmd, long arg, int *ret)
{
	(void)fd; (void)f; (void)cmd; (void)arg; (void)ret;
	return 0;
}

__attribute__((weak)) void sf_sigio_close(int fd)
{
	(void)fd;
}
