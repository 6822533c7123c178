//! Captions in the Advanced SubStation Alpha format HeyGen's `caption_url` serves, timed by
//! how long each sentence takes to speak.

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
    let mut t = 0.0;
    for sentence in script
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let end = t + speech_seconds(sentence, 1.0);
        out.push_str(&format!(
            "Dialogue: 0,{},{},Default,{sentence}\n",
            ass_time(t),
            ass_time(end)
        ));
        t = end;
    }
    out
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
    fn speech_time_depends_on_words_and_speed() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(speech_seconds(text, 1.0), 4.0);
        assert!(speech_seconds(text, 1.5) < 4.0);
    }
}
