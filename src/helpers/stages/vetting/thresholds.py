"""The fixed numbers of the vetting method: how much data counts in full, when a jump is a spike,
and how the parts of the audience fit are weighed (the campaign sets the rest, under
``vetting:``)."""

from __future__ import annotations

FIT_WEIGHTS = {"country": 0.4, "age": 0.2, "gender": 0.1, "interests": 0.2, "language": 0.1}
MIN_POSTS_FOR_MEDIAN = 3  # fewer posts: use the roster's averages instead of a median
MIN_PEERS = 20  # fewer peers on the platform and tier: compare with the published benchmark
MIN_HISTORY_WEEKS = 4  # fewer weeks: no growth signal
FULL_SAMPLE = 50  # sampled followers that count in full for the confidence; at 20% fake the
# corrected 95% interval is still about +-16 points (sample_for_10_points says what narrows it)
FULL_HISTORY = 12  # weeks of follower history for full confidence
FULL_POSTS = 10  # posts for full confidence in the engagement pattern
SPIKE_MIN_Z = 5.0  # a jump must also be this many robust SDs above the creator's usual week
MIN_WEEKLY_SD = 0.004  # floor on the robust SD of weekly log-growth (very steady accounts)
POD_SIGNAL, HIGH_ER_SIGNAL, LOW_ER_SIGNAL = 0.2, 0.4, 0.6  # engagement-pattern signal values
LOW_CONFIDENCE = 0.5
AGE_BANDS = {
    "13-17": (13, 17),
    "18-24": (18, 24),
    "25-34": (25, 34),
    "35-44": (35, 44),
    "45-54": (45, 54),
    "55+": (55, 64),  # open-ended band, taken as ten years
}
