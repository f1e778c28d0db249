/* async-pcm - alsa-lib's async PCM mode (test/pcm -m async takes these steps) through the preload library:
 * playback on hw:0,0 fed only from a snd_async_add_pcm_handler callback (two periods first, then start; each
 * callback writes whole periods while avail allows), while a capture thread reads the loopback's other end
 * (hw:0,1) and checks the data: a frame counter, each frame one more than the last. After PERIODS periods it
 * checks: every frame arrived in order, no xrun on either side, and one callback per period elapsed (the
 * kernel's snd_pcm_period_elapsed sends one SIGIO each). TAP output.
 * usage: async-pcm [PERIODS]   (default 40 periods of 50 ms, a 400 ms buffer as test/pcm's large ones: 2 s) */
#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#define RATE 48000
#define CHANNELS 2
#define PERIOD 2400
#define BUFFER (8 * PERIOD)

static snd_pcm_t *play, *capt;
static long periods = 40;
static volatile long written, callbacks, xruns;
static volatile int done;
static long captured, breaks, capture_xruns;
static int n, failed;

static void check(int good, const char *what)
{
	n++;
	failed += !good;
	printf("%s %d - %s\n", good ? "ok" : "not ok", n, what);
}

/* Frame k carries k % 32767 + 1 in both channels: never 0, so the capture's leading silence is told apart. */
static void fill(short *buf, long first, long frames)
{
	for (long i = 0; i < frames; i++)
		buf[2 * i] = buf[2 * i + 1] = (short)((first + i) % 32767 + 1);
}

static int write_period(void)
{
	short buf[PERIOD * CHANNELS];
	fill(buf, written, PERIOD);
	snd_pcm_sframes_t r = snd_pcm_writei(play, buf, PERIOD);
	if (r != PERIOD)
		return -1;
	written += PERIOD;
	return 0;
}

static void on_period(snd_async_handler_t *h)
{
	(void)h;
	callbacks++;
	snd_pcm_sframes_t avail = snd_pcm_avail_update(play);
	if (avail < 0) {
		xruns++;
		return;
	}
	while (!done && avail >= PERIOD) {
		if (write_period() < 0) {
			xruns++;
			return;
		}
		if (written >= periods * PERIOD)
			done = 1;
		avail = snd_pcm_avail_update(play);
	}
}

static void *capture(void *arg)
{
	(void)arg;
	short buf[PERIOD * CHANNELS];
	long expect = -1, total = periods * PERIOD;
	for (int idle = 0; captured < total && idle < 200;) {
		snd_pcm_sframes_t r = snd_pcm_readi(capt, buf, PERIOD);
		if (r == -EPIPE) {
			capture_xruns++;
			snd_pcm_prepare(capt);
			continue;
		}
		if (r < 0)
			break;
		for (long i = 0; i < r && captured < total; i++) {
			short v = buf[2 * i];
			if (expect < 0 && v == 0)
				continue; /* silence before the first frame */
			if (v != (expect < 0 ? 1 : expect) || buf[2 * i + 1] != v)
				breaks++;
			expect = v % 32767 + 1;
			captured++;
		}
		idle = done ? idle + 1 : 0;
	}
	return NULL;
}

static int setup(snd_pcm_t *pcm, int playback)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	if (snd_pcm_hw_params_any(pcm, hw) < 0 ||
	    snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED) < 0 ||
	    snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE) < 0 ||
	    snd_pcm_hw_params_set_channels(pcm, hw, CHANNELS) < 0 || snd_pcm_hw_params_set_rate(pcm, hw, RATE, 0) < 0 ||
	    snd_pcm_hw_params_set_period_size(pcm, hw, PERIOD, 0) < 0 ||
	    snd_pcm_hw_params_set_buffer_size(pcm, hw, BUFFER) < 0 || snd_pcm_hw_params(pcm, hw) < 0)
		return -1;
	if (snd_pcm_sw_params_current(pcm, sw) < 0 || snd_pcm_sw_params_set_avail_min(pcm, sw, PERIOD) < 0 ||
	    snd_pcm_sw_params_set_start_threshold(pcm, sw, playback ? BUFFER : 1) < 0 ||
	    snd_pcm_sw_params(pcm, sw) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	snd_async_handler_t *h;
	pthread_t thr;
	sigset_t io, old;

	if (argc > 1)
		periods = atol(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (snd_pcm_open(&play, "hw:0,0", SND_PCM_STREAM_PLAYBACK, 0) < 0 ||
	    snd_pcm_open(&capt, "hw:0,1", SND_PCM_STREAM_CAPTURE, 0) < 0 || setup(play, 1) < 0 || setup(capt, 0) < 0) {
		printf("not ok 1 - open and set up hw:0,0 playback and hw:0,1 capture\n1..1\n");
		return 1;
	}
	/* capture runs before playback starts: a capture started later begins at the cable's current position
	 * (snd-aloop copies only while both ends run), so the first frames would be lost to the thread's start-up */
	if (snd_pcm_start(capt) < 0) {
		printf("not ok 1 - start the capture on hw:0,1\n1..1\n");
		return 1;
	}
	/* the capture thread blocks SIGIO, so the signals land on the main thread, as in test/pcm */
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	pthread_sigmask(SIG_BLOCK, &io, &old);
	pthread_create(&thr, NULL, capture, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	int err = snd_async_add_pcm_handler(&h, play, on_period, NULL);
	if (err < 0) {
		printf("not ok 1 - snd_async_add_pcm_handler: %s\n1..1\n", snd_strerror(err));
		return 1;
	}
	for (int i = 0; i < 2; i++)
		write_period();
	if (snd_pcm_state(play) == SND_PCM_STATE_PREPARED)
		snd_pcm_start(play);
	for (int i = 0; !done && i < periods * 3; i++)
		usleep(PERIOD * 1000000L / RATE);
	snd_pcm_sframes_t delay = 0;
	int running = snd_pcm_state(play) == SND_PCM_STATE_RUNNING;
	snd_pcm_delay(play, &delay);
	long cb = callbacks, elapsed = (written - delay) / PERIOD;
	/* a signal that lands in the blocked DRAIN ends it with EINTR (FUSE does not restart it): go on waiting */
	while (snd_pcm_drain(play) == -EINTR)
		;
	pthread_join(thr, NULL);
	/* O_ASYNC off before the handler goes: snd_async_del_handler restores SIG_DFL first and leaves O_ASYNC on,
	 * and the kernel sends its last SIGIO from a work queue, so a late one could otherwise kill the process */
	int fd = snd_async_handler_get_fd(h);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_ASYNC);
	snd_async_del_handler(h);

	char what[256];
	snprintf(what, sizeof(what), "the callbacks fed %ld periods (%ld wanted) with no xrun; still running at the end",
		 written / PERIOD, periods);
	check(done && !xruns && running, what);
	snprintf(what, sizeof(what), "%ld callbacks for %ld periods elapsed (one SIGIO per period, +-2)", cb, elapsed);
	check(labs(cb - elapsed) <= 2 && cb > 0, what);
	snprintf(what, sizeof(what), "capture on hw:0,1: %ld of %ld frames in order, %ld breaks, %ld overruns", captured,
		 periods * PERIOD, breaks, capture_xruns);
	check(captured == periods * PERIOD && !breaks && !capture_xruns, what);
	printf("1..%d\n", n);
	snd_pcm_close(play);
	snd_pcm_close(capt);
	return failed != 0;
}
