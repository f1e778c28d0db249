// SPDX-License-Identifier: MIT
/*
 * plain-io - the calls the preload library wraps, on files that are not sndfuse nodes. Prints each call's
 * result and errno, so a run with LD_PRELOAD=libsndfuse-preload.so must print exactly what a run without
 * prints (selftests/shell/exec.sh compares them).
 *
 * usage: plain-io FILE    (FILE: a scratch regular file this program may overwrite)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	printf("%-34s -> %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerrorname_np(errno) : "");
	errno = 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	const char *path = argv[1];
	struct termios t;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	show("open(FILE, O_RDWR|O_CREAT)", fd);
	show("write 8192 bytes", write(fd, memset((char[8192]){0}, 'x', 8192), 8192));
	show("ioctl(TCGETS) on a file", ioctl(fd, TCGETS, &t));
	show("ioctl(FIONREAD) on a file", ioctl(fd, FIONREAD, &(int){0}));
	show("ioctl(0xC02054A5 CREATE) on a file", ioctl(fd, 0xC02054A5UL, (char[32]){0}));
	show("ioctl(0xC02053F0 HELLO) on a file", ioctl(fd, 0xC02053F0UL, (char[32]){0}));
	show("ioctl on a closed fd", ioctl(999, TCGETS, &t));
	char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	show("mmap(MAP_SHARED) of the file", m == MAP_FAILED ? -1 : (m[4096] == 'x'));
	if (m != MAP_FAILED)
		show("munmap", munmap(m, 8192));
	void *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show("mmap anonymous", a == MAP_FAILED ? -1 : 0);
	show("munmap anonymous", munmap(a, 4096));
	show("mmap of a bad fd", mmap(NULL, 4096, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED ? -1 : 0);
	int d = dup(fd);
	show("dup", d);
	show("dup2 onto 20", dup2(fd, 20));
	show("dup3 onto 21 O_CLOEXEC", dup3(fd, 21, O_CLOEXEC));
	show("fcntl(F_DUPFD, 30)", fcntl(fd, F_DUPFD, 30));
	show("fcntl(F_DUPFD_CLOEXEC, 40)", fcntl(fd, F_DUPFD_CLOEXEC, 40));
	show("fcntl(F_GETFD) of 40", fcntl(40, F_GETFD));
	show("fcntl(F_SETFL, O_ASYNC|O_NONBLOCK)", fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK));
	show("fcntl(F_GETFL) & (O_ASYNC|O_NONBLOCK)", fcntl(fd, F_GETFL) & (O_ASYNC | O_NONBLOCK));
	show("fcntl(F_SETOWN, getpid())", fcntl(fd, F_SETOWN, getpid()));
	show("fcntl(F_GETOWN) == getpid()", fcntl(fd, F_GETOWN) == getpid());
	show("fcntl(F_SETSIG, SIGRTMIN)", fcntl(fd, F_SETSIG, 34));
	show("fcntl(F_GETSIG)", fcntl(fd, F_GETSIG));
	show("openat(AT_FDCWD, FILE, O_RDONLY)", openat(AT_FDCWD, path, O_RDONLY));
	show("open of a missing file", open("/nonexistent/sndfuse-plain-io", O_RDONLY));
	show("open O_PATH", open(path, O_PATH));
	show("open a directory", open("/", O_RDONLY | O_DIRECTORY));
	show("close of dup", close(d));
	show("close twice", close(d));
	show("close_range(20, 21)", close_range(20, 21, 0));
	show("close 20 after close_range", close(20));
	show("close", close(fd));
	show("unlink", unlink(path));
	return 0;
}
