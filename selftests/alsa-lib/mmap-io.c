// SPDX-License-Identifier: MIT
/*
 * mmap-io - plays or records S16_LE stereo 48 kHz through alsa-lib's mmap access (MMAP_INTERLEAVED), the
 * way programs that map the PCM buffer do: snd_pcm_mmap_writei/readi, or with --commit the
 * snd_pcm_mmap_begin/commit loop that JACK and dmix use. Run under the preload library (docs/mmap.md).
 * usage: mmap-io play DEVICE IN.wav [--commit]
 *        mmap-io rec DEVICE OUT.wav SECONDS [--commit]
 * Period 960 frames, buffer 16 periods (320 ms: room for a loaded machine). Exit 0 on success; alsa-lib's error on stderr otherwise.
 */
#include <alsa/asoundlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 48000
#define FRAME 4
#define PERIOD 960

static int die(const char *what, int err)
{
	fprintf(stderr, "mmap-io: %s: %s\n", what, snd_strerror(err));
	return 1;
}

static int setup(snd_pcm_t *pcm)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t period = PERIOD, buffer = 16 * PERIOD;
	int err;

	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	if ((err = snd_pcm_hw_params_any(pcm, hw)) < 0 ||
	    (err = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_MMAP_INTERLEAVED)) < 0 ||
	    (err = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE)) < 0 ||
	    (err = snd_pcm_hw_params_set_channels(pcm, hw, 2)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate(pcm, hw, RATE, 0)) < 0 ||
	    (err = snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, 0)) < 0 ||
	    (err = snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer)) < 0 ||
	    (err = snd_pcm_hw_params(pcm, hw)) < 0)
		return die("hw_params (MMAP_INTERLEAVED)", err);
	if ((err = snd_pcm_sw_params_current(pcm, sw)) < 0 ||
	    (err = snd_pcm_sw_params_set_start_threshold(pcm, sw, buffer)) < 0 ||
	    (err = snd_pcm_sw_params_set_avail_min(pcm, sw, period)) < 0 ||
	    (err = snd_pcm_sw_params(pcm, sw)) < 0)
		return die("sw_params", err);
	return 0;
}

/* The data chunk of a canonical WAV file. */
static unsigned char *read_wav(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	for (long pos = 12; pos + 8 <= n;) {
		unsigned int sz = buf[pos + 4] | buf[pos + 5] << 8 | buf[pos + 6] << 16 | (unsigned int)buf[pos + 7] << 24;
		if (!memcmp(buf + pos, "data", 4)) {
			*len = sz;
			return buf + pos + 8;
		}
		pos += 8 + sz;
	}
	return NULL;
}

static void put32(unsigned char *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static int write_wav(const char *path, const unsigned char *data, size_t len)
{
	unsigned char h[44] = "RIFF....WAVEfmt ";
	FILE *f = fopen(path, "wb");

	put32(h + 4, (unsigned int)(36 + len));
	put32(h + 16, 16);
	h[20] = 1;		/* PCM */
	h[22] = 2;		/* channels */
	put32(h + 24, RATE);
	put32(h + 28, RATE * FRAME);
	h[32] = FRAME;
	h[34] = 16;
	memcpy(h + 36, "data", 4);
	put32(h + 40, (unsigned int)len);
	if (!f || fwrite(h, 1, 44, f) != 44 || fwrite(data, 1, len, f) != len)
		return 1;
	return fclose(f) != 0;
}

/* one begin/commit step: up to `left` frames between buf and the mapped ring; frames moved or <0 */
static snd_pcm_sframes_t commit_step(snd_pcm_t *pcm, unsigned char *buf, snd_pcm_uframes_t left, int play)
{
	const snd_pcm_channel_area_t *areas;
	snd_pcm_uframes_t offset, frames;
	snd_pcm_sframes_t avail = snd_pcm_avail_update(pcm);
	int err;

	if (avail < 0)
		return avail;
	if ((snd_pcm_uframes_t)avail < PERIOD && (snd_pcm_uframes_t)avail < left) {
		if (play && snd_pcm_state(pcm) == SND_PCM_STATE_PREPARED && (err = snd_pcm_start(pcm)) < 0)
			return err;
		err = snd_pcm_wait(pcm, 1000);
		return err < 0 ? err : 0;
	}
	frames = left;
	if ((err = snd_pcm_mmap_begin(pcm, &areas, &offset, &frames)) < 0)
		return err;
	unsigned char *ring = (unsigned char *)areas[0].addr + areas[0].first / 8 + offset * FRAME;
	if (play)
		memcpy(ring, buf, frames * FRAME);
	else
		memcpy(buf, ring, frames * FRAME);
	snd_pcm_sframes_t done = snd_pcm_mmap_commit(pcm, offset, frames);
	return done;
}

int main(int argc, char **argv)
{
	snd_pcm_t *pcm;
	unsigned char *data;
	size_t len = 0;
	int play, commit, err;

	if (argc < 4 || (strcmp(argv[1], "play") && strcmp(argv[1], "rec"))) {
		fprintf(stderr, "usage: mmap-io play DEVICE IN.wav [--commit] | rec DEVICE OUT.wav SECONDS [--commit]\n");
		return 2;
	}
	play = !strcmp(argv[1], "play");
	commit = !strcmp(argv[argc - 1], "--commit");
	if (play) {
		data = read_wav(argv[3], &len);
		if (!data)
			return die("reading the WAV file", -EINVAL);
	} else {
		len = (size_t)(atof(argv[4]) * RATE) * FRAME;
		data = calloc(1, len);
	}
	err = snd_pcm_open(&pcm, argv[2], play ? SND_PCM_STREAM_PLAYBACK : SND_PCM_STREAM_CAPTURE, 0);
	if (err < 0)
		return die(argv[2], err);
	if (setup(pcm))
		return 1;
	if (!play && (err = snd_pcm_start(pcm)) < 0)
		return die("start", err);
	snd_pcm_uframes_t total = len / FRAME, done = 0;
	while (done < total) {
		snd_pcm_sframes_t n;

		if (commit)
			n = commit_step(pcm, data + done * FRAME, total - done, play);
		else if (play)
			n = snd_pcm_mmap_writei(pcm, data + done * FRAME, total - done);
		else
			n = snd_pcm_mmap_readi(pcm, data + done * FRAME, total - done);
		if (n < 0)
			return die(commit ? "mmap_begin/commit" : play ? "mmap_writei" : "mmap_readi", (int)n);
		done += (snd_pcm_uframes_t)n;
	}
	if (play) {
		if (snd_pcm_state(pcm) == SND_PCM_STATE_PREPARED && (err = snd_pcm_start(pcm)) < 0)
			return die("start", err);
		if ((err = snd_pcm_drain(pcm)) < 0)
			return die("drain", err);
	} else if (write_wav(argv[3], data, len)) {
		return die("writing the WAV file", -EIO);
	}
	snd_pcm_close(pcm);
	return 0;
}
