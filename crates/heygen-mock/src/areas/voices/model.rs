//! The voices area's jobs: voice clones (asynchronous on HeyGen, so jobs on the shared engine)
//! and synthesized speech (answered at once; kept as finished jobs so that its audio is served
//! behind the engine's signed media links).

use axum::response::Response;

use crate::core::{
    audio,
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// Kind of voice clones: schedule tag and `/media/voices/…` segment.
pub const CLONE_KIND: &str = "voices";
/// Kind of synthesized speech: `/media/speech/…`.
pub const SPEECH_KIND: &str = "speech";
/// A clone's preview file.
pub const PREVIEW_FILE: &str = "preview.mp3";
/// A speech's audio file.
pub const SPEECH_FILE: &str = "speech.wav";

/// One voice clone: a private voice once its job completes.
#[derive(Debug)]
pub struct VoiceClone {
    /// Display name (`voice_name`).
    pub name: String,
    /// Language name (`English`), from the request's hint.
    pub language: String,
}

/// Where a clone stands, in HeyGen's words for it (`complete`, not `completed`).
pub fn clone_status(phase: Phase<'_>) -> &'static str {
    match phase {
        Phase::Pending | Phase::Processing => "processing",
        Phase::Completed => "complete",
        Phase::Failed(_) => "failed",
    }
}

/// A clone as the v3 routes report it.
#[derive(Debug)]
pub struct CloneView<'a> {
    /// The voice id (also the clone id).
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Language name.
    pub language: &'a str,
    /// `processing`, `complete` or `failed`.
    pub status: &'static str,
    /// The preview, once complete.
    pub preview_audio_url: Option<String>,
    /// Why it failed.
    pub failure_message: Option<String>,
    /// Unix seconds.
    pub created_s: u64,
}

impl VoiceClone {
    /// The view of a stored clone at `links.now()`.
    pub fn view<'a>(id: &'a str, job: &'a Job<VoiceClone>, links: &Links<'_>) -> CloneView<'a> {
        let phase = job.lifecycle.phase(links.now());
        CloneView {
            id,
            name: &job.data.name,
            language: &job.data.language,
            status: clone_status(phase),
            preview_audio_url: (phase == Phase::Completed)
                .then(|| links.job(CLONE_KIND, id, PREVIEW_FILE)),
            failure_message: phase.failure().map(|f| f.summary()),
            created_s: job.lifecycle.created_ms / 1000,
        }
    }
}

impl JobData for VoiceClone {
    const KIND: &'static str = CLONE_KIND;

    /// The account starts with no cloned voices.
    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// HeyGen's event list names no voice clone event: clones are polled.
    fn finished(_id: &str, _job: &Job<Self>, _links: &Links<'_>) -> Vec<Event> {
        Vec::new()
    }

    fn file(_job: &Job<Self>, name: &str) -> Option<Response> {
        (name == PREVIEW_FILE).then(|| media::serve(media::VOICE_MP3, "audio/mpeg"))
    }
}

/// One word, timed within a speech.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedWord {
    /// The word as written (with its punctuation).
    pub word: String,
    /// Milliseconds from the start.
    pub start_ms: u64,
    /// Milliseconds from the start.
    pub end_ms: u64,
}

/// One synthesized speech: its length, its words' timing and the voice's pitch.
#[derive(Debug)]
pub struct Speech {
    /// Length of the audio, milliseconds.
    pub ms: u64,
    /// Every word, in order; the last ends at `ms`.
    pub words: Vec<TimedWord>,
    /// Tone of the voice (lower for male voices).
    pub pitch_hz: f64,
}

/// Share of a word's slot that sounds; the rest is the pause before the next word.
const VOICED_SHARE: f64 = 0.85;

impl Speech {
    /// Speech of `words` over `seconds` (rounded to the millisecond): each word gets a slot
    /// in proportion to its length plus one (the space after it), so the slots are
    /// contiguous, in order, and the last one ends exactly at the audio's end.
    pub fn timed(words: &[&str], seconds: f64, pitch_hz: f64) -> Self {
        let ms = (seconds * 1000.0).round().max(1.0) as u64;
        let weights: Vec<u64> = words.iter().map(|w| w.chars().count() as u64 + 1).collect();
        let total: u64 = weights.iter().sum::<u64>().max(1);
        let mut done = 0;
        let mut start_ms = 0;
        let words = words
            .iter()
            .zip(&weights)
            .map(|(word, weight)| {
                done += weight;
                let end_ms = ms * done / total;
                let timed = TimedWord {
                    word: (*word).to_owned(),
                    start_ms,
                    end_ms,
                };
                start_ms = end_ms;
                timed
            })
            .collect();
        Self {
            ms,
            words,
            pitch_hz,
        }
    }

    /// Seconds of audio.
    pub fn seconds(&self) -> f64 {
        self.ms as f64 / 1000.0
    }

    /// The audio: a tone over the voiced part of each word's slot, silence between.
    pub fn wav(&self) -> Vec<u8> {
        let sounding: Vec<(f64, f64)> = self
            .words
            .iter()
            .map(|w| {
                let (start, end) = (w.start_ms as f64 / 1000.0, w.end_ms as f64 / 1000.0);
                (start, start + (end - start) * VOICED_SHARE)
            })
            .collect();
        audio::wav(self.ms, &sounding, self.pitch_hz)
    }
}

impl JobData for Speech {
    const KIND: &'static str = SPEECH_KIND;

    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// Speech is answered at once, never announced.
    fn finished(_id: &str, _job: &Job<Self>, _links: &Links<'_>) -> Vec<Event> {
        Vec::new()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        (name == SPEECH_FILE).then(|| media::serve_bytes(job.data.wav(), "audio/wav"))
    }
}

/// The words of SSML markup: its text without the tags. `None` when a tag is left open.
pub fn ssml_text(ssml: &str) -> Option<String> {
    let mut text = String::with_capacity(ssml.len());
    let mut rest = ssml;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>')?;
        // A tag separates words (`<break/>` between two of them).
        text.push(' ');
        rest = &rest[open + close + 1..];
    }
    if rest.contains('>') {
        return None;
    }
    text.push_str(rest);
    Some(text)
}

/// The language names of the codes the mock knows (HeyGen lists languages by name).
const LANGUAGES: [(&str, &str); 10] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("pl", "Polish"),
    ("zh", "Chinese"),
    ("ja", "Japanese"),
    ("hi", "Hindi"),
];

/// The language a code (`en`) or locale (`en-US`) names, by name; `None` for a code the
/// mock does not know.
pub fn language_name(code: &str) -> Option<&'static str> {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    LANGUAGES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(base))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_timed_in_order_and_end_with_the_audio() {
        let speech = Speech::timed(&["Hello,", "big", "world."], 1.234_4, 220.0);
        assert_eq!(speech.ms, 1234);
        let ends: Vec<u64> = speech.words.iter().map(|w| w.end_ms).collect();
        assert_eq!(ends.last(), Some(&1234));
        for pair in speech.words.windows(2) {
            assert_eq!(pair[0].end_ms, pair[1].start_ms);
            assert!(pair[0].start_ms < pair[0].end_ms);
        }
        // "Hello," (7 units) takes longer than "big" (4 units).
        let span = |w: &TimedWord| w.end_ms - w.start_ms;
        assert!(span(&speech.words[0]) > span(&speech.words[1]));
        let wav = speech.wav();
        assert_eq!(wav.len(), 44 + 1234 * 8 * 2);
    }

    #[test]
    fn ssml_tags_are_not_spoken_and_open_tags_are_refused() {
        let text = ssml_text("<speak>Hello<break time=\"1s\"/>there</speak>").unwrap();
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Hello", "there"]
        );
        assert!(ssml_text("<speak>Hello").is_some());
        assert!(ssml_text("<speak Hello").is_none());
        assert!(ssml_text("Hello > there").is_none());
    }

    #[test]
    fn languages_by_code_or_locale() {
        assert_eq!(language_name("en"), Some("English"));
        assert_eq!(language_name("pt-BR"), Some("Portuguese"));
        assert_eq!(language_name("xx"), None);
    }
}
