//! Captions timed by how long each sentence takes to speak: Advanced SubStation Alpha for the
//! legacy `caption_url`, SRT for v3's `subtitle_url`.

/// Words spoken per second at speed 1.0 (150 words a minute).
const WORDS_PER_SECOND: f64 = 2.5;

/// Seconds a text takes to speak at `speed`.
pub fn speech_seconds(text: &str, speed: f64) -> f64 {
    let words = text.split_whitespace().count() as f64;
    (words / (WORDS_PER_SECOND * speed.max(0.1))).max(1.0)
}

/// The ASS captions of a script, one dialogue line per sentence.
pub fn captions_ass(script: &str) -> String {
    let mut out = String::from(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1280\nPlayResY: 720\n\n[V4+ Styles]\n\
         Format: Name, Fontname, Fontsize, PrimaryColour, Alignment\nStyle: Default,Arial,42,&H00FFFFFF,2\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Text\n",
    );
    for (start, end, sentence) in timed_sentences(script) {
        out.push_str(&format!(
            "Dialogue: 0,{},{},Default,{sentence}\n",
            ass_time(start),
            ass_time(end)
        ));
    }
    out
}

/// The SRT captions of a script (v3's `subtitle_url`), one cue per sentence.
pub fn captions_srt(script: &str) -> String {
    let mut out = String::new();
    for (i, (start, end, sentence)) in timed_sentences(script).enumerate() {
        out.push_str(&format!(
            "{}\n{} --> {}\n{sentence}\n\n",
            i + 1,
            srt_time(start),
            srt_time(end)
        ));
    }
    out
}

/// Each sentence with the seconds it starts and ends at, spoken at speed 1.0.
fn timed_sentences(script: &str) -> impl Iterator<Item = (f64, f64, &str)> {
    let mut t = 0.0;
    script
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(move |sentence| {
            let start = t;
            t += speech_seconds(sentence, 1.0);
            (start, t, sentence)
        })
}

fn srt_time(seconds: f64) -> String {
    let ms = (seconds * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn ass_time(seconds: f64) -> String {
    let cs = (seconds * 100.0).round() as u64;
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
        let ass = captions_ass("Hello there. This is a test!");
        assert!(
            ass.contains("Dialogue: 0,0:00:00.00,0:00:01.00,Default,Hello there."),
            "{ass}"
        );
        assert!(ass.contains("This is a test!"));
    }

    #[test]
    fn srt_cues_are_numbered_and_timed() {
        let srt = captions_srt("Hello there. This is a test!");
        assert!(
            srt.starts_with(
                "1\n00:00:00,000 --> 00:00:01,000\nHello there.\n\n2\n00:00:01,000 --> "
            ),
            "{srt}"
        );
    }

    #[test]
    fn speech_time_depends_on_words_and_speed() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(speech_seconds(text, 1.0), 4.0);
        assert!(speech_seconds(text, 1.5) < 4.0);
    }
}
