// SPDX-License-Identifier: MIT
/*
 * prepare-other-end - a running playback must not notice the other end of its cable being opened, set up,
 * prepared, started and stopped (aloop.c: loopback_prepare and loopback_trigger touch only their own end; the
 * capture is refused or stopped by loopback_check_format, never the playback). A writer thread keeps the
 * playback (hw:0,0,SUB, S16_LE 2 ch 48000 Hz, period 1024, buffer 8192 frames: 170 ms of slack, far more than
 * any scheduling delay here) full; meanwhile the capture end hw:0,1,SUB goes through ROUNDS cycles of
 * open/hw_params/prepare/start/read/drop/prepare/close, alternating matching and differing parameters.
 * usage: prepare-other-end SUB ROUNDS [mmap]   (mmap: the playback writes with snd_pcm_mmap_writei, under the
 *        preload library) TAP output; exit 0 when the playback saw no xrun and stayed RUNNING.
 */
#include <alsa/asoundlib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static snd_pcm_t *play;
static atomic_int stop, xruns;
static atomic_long written;
static int use_mmap;

static int setup(snd_pcm_t *pcm, snd_pcm_format_t format, unsigned int channels, snd_pcm_uframes_t period,
		 snd_pcm_uframes_t buffer)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_hw_params_alloca(&hw);
	int err;
	if ((err = snd_pcm_hw_params_any(pcm, hw)) < 0 ||
	    (err = snd_pcm_hw_params_set_access(pcm, hw, use_mmap && snd_pcm_stream(pcm) == SND_PCM_STREAM_PLAYBACK
								  ? SND_PCM_ACCESS_MMAP_INTERLEAVED
								  : SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
	    (err = snd_pcm_hw_params_set_format(pcm, hw, format)) < 0 ||
	    (err = snd_pcm_hw_params_set_channels(pcm, hw, channels)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate(pcm, hw, 48000, 0)) < 0 ||
	    (err = snd_pcm_hw_params_set_period_size(pcm, hw, period, 0)) < 0 ||
	    (err = snd_pcm_hw_params_set_buffer_size(pcm, hw, buffer)) < 0 || (err = snd_pcm_hw_params(pcm, hw)) < 0)
		return err;
	return 0;
}

static void *writer(void *arg)
{
	(void)arg;
	static short buf[1024 * 2];
	while (!atomic_load(&stop)) {
		snd_pcm_sframes_t n = use_mmap ? snd_pcm_mmap_writei(play, buf, 1024) : snd_pcm_writei(play, buf, 1024);
		if (n == -EPIPE) {
			atomic_fetch_add(&xruns, 1);
			snd_pcm_prepare(play);
		} else if (n < 0) {
			fprintf(stderr, "# writei: %s\n", snd_strerror((int)n));
			atomic_fetch_add(&xruns, 1000);
			break;
		} else {
			atomic_fetch_add(&written, n);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: prepare-other-end SUB ROUNDS [mmap]\n");
		return 2;
	}
	use_mmap = argc == 4;
	char pname[32], cname[32];
	snprintf(pname, sizeof(pname), "hw:0,0,%d", atoi(argv[1]));
	snprintf(cname, sizeof(cname), "hw:0,1,%d", atoi(argv[1]));
	int rounds = atoi(argv[2]), n = 0, failed = 0, err;
	if ((err = snd_pcm_open(&play, pname, SND_PCM_STREAM_PLAYBACK, 0)) < 0 ||
	    (err = setup(play, SND_PCM_FORMAT_S16_LE, 2, 1024, 8192)) < 0) {
		printf("not ok 1 - open and set up %s: %s\n1..1\n", pname, snd_strerror(err));
		return 1;
	}
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	while (atomic_load(&written) < 16384)
		usleep(10000);
	for (int r = 0; r < rounds; r++) {
		snd_pcm_t *cap;
		int differ = r % 2; // odd rounds: 1 channel, which the cable refuses while the playback runs
		static short in[1024 * 2];
		if ((err = snd_pcm_open(&cap, cname, SND_PCM_STREAM_CAPTURE, 0)) < 0) {
			printf("# round %d: open %s: %s\n", r, cname, snd_strerror(err));
			failed = 1;
			break;
		}
		err = setup(cap, SND_PCM_FORMAT_S16_LE, differ ? 1 : 2, 1024, 4096);
		if (!err) {
			snd_pcm_prepare(cap);
			snd_pcm_start(cap);
			snd_pcm_readi(cap, in, 256);
			snd_pcm_drop(cap);
			snd_pcm_prepare(cap);
		} else if (!differ) {
			printf("# round %d: hw_params of the matching capture: %s\n", r, snd_strerror(err));
			failed = 1;
		}
		snd_pcm_close(cap);
		usleep(20000);
	}
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	snd_pcm_state_t st = snd_pcm_state(play);
	n++;
	if (atomic_load(&xruns) == 0 && st == SND_PCM_STATE_RUNNING && !failed)
		printf("ok %d - a running %splayback (%s) saw no xrun while the other end went through %d "
		       "open/hw_params/prepare/start/read/drop/prepare/close rounds (%ld frames written)\n",
		       n, use_mmap ? "mmap " : "", pname, rounds, atomic_load(&written));
	else
		printf("not ok %d - a running %splayback (%s) saw no xrun while the other end was set up %d times: "
		       "%d xruns, state %s\n",
		       n, use_mmap ? "mmap " : "", pname, rounds, atomic_load(&xruns), snd_pcm_state_name(st));
	snd_pcm_close(play);
	printf("1..%d\n", n);
	return n == 1 && atomic_load(&xruns) == 0 && st == SND_PCM_STATE_RUNNING && !failed ? 0 : 1;
}
