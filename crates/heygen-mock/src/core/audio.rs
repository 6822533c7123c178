//! Audio files the mock makes to measure: mono 16-bit PCM WAV of an exact length, a tone where
//! something sounds and silence elsewhere. Every player reads it, and its length is in its
//! header, so a client can check it against the duration an answer states.

/// Samples per second: telephone quality keeps a long speech small (16 KB a second).
pub const SAMPLE_RATE: u32 = 8000;
/// Peak amplitude of a tone, of `i16::MAX`.
const LOUDNESS: f64 = 0.3;
/// Fade in and out of each sounding span, seconds (no clicks).
const FADE_SECONDS: f64 = 0.01;
/// Bytes of the RIFF/WAVE header.
const HEADER_BYTES: usize = 44;

/// A WAV of `ms` milliseconds in which each `(start, end)` span (seconds) carries a tone at
/// `pitch_hz` and the rest is silence.
pub fn wav(ms: u64, sounding: &[(f64, f64)], pitch_hz: f64) -> Vec<u8> {
    let count = (ms * u64::from(SAMPLE_RATE) / 1000) as usize;
    let mut samples = vec![0i16; count];
    let rate = f64::from(SAMPLE_RATE);
    for &(start, end) in sounding {
        let first = ((start.max(0.0) * rate) as usize).min(count);
        let last = ((end.max(0.0) * rate) as usize).min(count);
        for (i, sample) in samples.iter_mut().enumerate().take(last).skip(first) {
            let t = i as f64 / rate;
            let fade = ((t - start).min(end - t) / FADE_SECONDS).clamp(0.0, 1.0);
            let wave = (2.0 * std::f64::consts::PI * pitch_hz * t).sin();
            *sample = (wave * fade * LOUDNESS * f64::from(i16::MAX)) as i16;
        }
    }
    let data_bytes = (count * 2) as u32;
    let mut out = Vec::with_capacity(HEADER_BYTES + count * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_bytes.to_le_bytes());
    for sample in samples {
        out.extend_from_slice(&sample.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_states_its_length_and_tones_sound_only_in_their_spans() {
        let bytes = wav(1500, &[(0.5, 1.0)], 220.0);
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        let data = u32::from_le_bytes(bytes[40..44].try_into().unwrap());
        let per_second = u32::from_le_bytes(bytes[28..32].try_into().unwrap());
        assert_eq!(f64::from(data) / f64::from(per_second), 1.5);
        assert_eq!(bytes.len(), HEADER_BYTES + data as usize);
        let sample = |t: f64| {
            let at = HEADER_BYTES + 2 * (t * f64::from(SAMPLE_RATE)) as usize;
            i16::from_le_bytes([bytes[at], bytes[at + 1]])
        };
        assert_eq!(sample(0.25), 0);
        assert!((0..40).any(|i| sample(0.7 + f64::from(i) / 8000.0).abs() > 1000));
        assert_eq!(sample(1.25), 0);
    }
}
