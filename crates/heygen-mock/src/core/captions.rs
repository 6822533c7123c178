//! Caption files the mock serves: cues (start, end, text) rendered as SRT, WebVTT or Advanced
//! SubStation Alpha. Videos time their script's sentences by how long each takes to speak;
//! jobs that have no script (lipsyncs, translations) cut fixed-length cues over their length.

use std::fmt::Write;

/// One caption, and the SRT writer: the client crate's, so what the mock serves is what the
/// client's parser reads back.
pub use heygen_api::srt::{Cue, clock, write as srt};

/// Words spoken per second at speed 1.0 (150 words a minute).
const WORDS_PER_SECOND: f64 = 2.5;

/// Seconds a text takes to speak at `speed`.
pub fn speech_seconds(text: &str, speed: f64) -> f64 {
    let words = text.split_whitespace().count() as f64;
    (words / (WORDS_PER_SECOND * speed.max(0.1))).max(1.0)
}

/// One cue per sentence of a script, each as long as it takes to speak at speed 1.0.
pub fn script_cues(script: &str) -> Vec<Cue> {
    let mut t = 0.0;
    script
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|sentence| {
            let start = t;
            t += speech_seconds(sentence, 1.0);
            Cue {
                start,
                end: t,
                text: sentence.to_owned(),
            }
        })
        .collect()
}

/// Cues of at most `every` seconds over `seconds`, each saying what `text` makes of its span
/// (for jobs whose speech the mock does not transcribe).
pub fn spans(seconds: f64, every: f64, text: impl Fn(f64, f64) -> String) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut start = 0.0;
    while start < seconds && every > 0.0 {
        let end = (start + every).min(seconds);
        cues.push(Cue {
            start,
            end,
            text: text(start, end),
        });
        start = end;
    }
    cues
}

/// WebVTT: the `WEBVTT` header, then cues with `HH:MM:SS.mmm` times.
pub fn vtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for cue in cues {
        let _ = write!(
            out,
            "{} --> {}\n{}\n\n",
            clock(cue.start, '.'),
            clock(cue.end, '.'),
            cue.text
        );
    }
    out
}

/// Advanced SubStation Alpha (the legacy `caption_url`), one dialogue line per cue.
pub fn ass(cues: &[Cue]) -> String {
    let mut out = String::from(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1280\nPlayResY: 720\n\n[V4+ Styles]\n\
         Format: Name, Fontname, Fontsize, PrimaryColour, Alignment\nStyle: Default,Arial,42,&H00FFFFFF,2\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Text\n",
    );
    for cue in cues {
        let _ = writeln!(
            out,
            "Dialogue: 0,{},{},Default,{}",
            ass_time(cue.start),
            ass_time(cue.end),
            cue.text
        );
    }
    out
}

fn ass_time(seconds: f64) -> String {
    let cs = (seconds.max(0.0) * 100.0).round() as u64;
    format!(
        "{}:{:02}:{:02}.{:02}",
        cs / 360_000,
        cs / 6000 % 60,
        cs / 100 % 60,
        cs % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_follow_the_script() {
        let ass = ass(&script_cues("Hello there. This is a test!"));
        assert!(
            ass.contains("Dialogue: 0,0:00:00.00,0:00:01.00,Default,Hello there."),
            "{ass}"
        );
        assert!(ass.contains("This is a test!"));
    }

    #[test]
    fn srt_cues_are_numbered_and_timed() {
        let srt = srt(&script_cues("Hello there. This is a test!"));
        assert!(
            srt.starts_with(
                "1\n00:00:00,000 --> 00:00:01,000\nHello there.\n\n2\n00:00:01,000 --> "
            ),
            "{srt}"
        );
    }

    #[test]
    fn vtt_has_its_header_and_dotted_times() {
        let vtt = vtt(&spans(12.0, 5.0, |s, e| format!("{s:.0}-{e:.0}")));
        assert!(
            vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n0-5\n\n"),
            "{vtt}"
        );
        assert!(
            vtt.contains("00:00:10.000 --> 00:00:12.000\n10-12\n"),
            "{vtt}"
        );
    }

    #[test]
    fn speech_time_depends_on_words_and_speed() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(speech_seconds(text, 1.0), 4.0);
        assert!(speech_seconds(text, 1.5) < 4.0);
    }
}
