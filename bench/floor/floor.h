/* What both C floor daemons emulate: a one-file timer. TRIGGER (the utimer's request number, _IO('T', 0xa6))
 * adds one tick for every open description of the file; a read() of at least 8 bytes blocks until that
 * description has ticks, then returns one record {resolution, ticks} with every tick since its last read
 * merged, as the timer device merges ticks. bench/utimer-bench.c in "floor" mode measures either daemon
 * exactly as it measures sndfuse's utimer. */
#ifndef FLOOR_H
#define FLOOR_H
#include <stdint.h>
#include <sys/ioctl.h>

#define FLOOR_TRIGGER _IO('T', 0xa6)
#define FLOOR_FILE "timer"
/* floor-ll also serves timer1 .. timer127: one file per emulated timer (bench/fanout.c), each with its own
 * descriptions, so a TRIGGER ticks only the descriptions of its file, as a utimer ticks only its listeners */
#define FLOOR_FILES 128
#define FLOOR_RESOLUTION 1000000u

struct floor_record {
	uint32_t resolution;
	uint32_t ticks;
};

/* floor-ll's loopback pair, the floor of a loopback substream pair (bench/pcm-bench.c "floor" mode): write()
 * on "play" copies into a ring of `periods` periods, a TRIGGER on "play" moves one period into the ring of
 * "cap", read() on "cap" takes from that ring; a write() that finds no room and a read() that finds no data
 * are parked until a TRIGGER. FLOOR_PCM_SETUP on "play" sizes both rings and empties them. */
#define FLOOR_PLAY "play"
#define FLOOR_CAP "cap"
struct floor_pcm_setup {
	uint32_t period_bytes;
	uint32_t periods;
};
#define FLOOR_PCM_SETUP _IOW('T', 0xa7, struct floor_pcm_setup)
#endif
