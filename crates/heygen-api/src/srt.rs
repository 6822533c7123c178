//! SubRip (SRT) captions, read and written: the format HeyGen's proofreads and caption links
//! use. [`parse`] checks what HeyGen checks on upload (numbered cues, well-formed timings that
//! end after they start and never go back in time, text in every cue), so a file it accepts
//! uploads cleanly; [`write`] renders cues back. The mock uses the same two functions, so a
//! file round-trips between them unchanged.

use std::fmt::{self, Write};

/// One caption: shown from `start` to `end` seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// When it appears, in seconds.
    pub start: f64,
    /// When it goes, in seconds.
    pub end: f64,
    /// What it says (lines separated by `\n`).
    pub text: String,
}

/// Why a text is not a usable SRT file. `cue` counts cues from 1; `line` counts lines from 1.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SrtError {
    /// Nothing but blank lines.
    #[error("the SRT file has no cues")]
    Empty,
    /// A cue does not start with its number.
    #[error("cue {cue} (line {line}): {found:?} is not a cue number")]
    Number {
        /// The cue's position.
        cue: usize,
        /// Its line.
        line: usize,
        /// What was there.
        found: String,
    },
    /// A cue's second line is not `HH:MM:SS,mmm --> HH:MM:SS,mmm`.
    #[error("cue {cue} (line {line}): {found:?} is not a timing `HH:MM:SS,mmm --> HH:MM:SS,mmm`")]
    Timing {
        /// The cue's position.
        cue: usize,
        /// Its line.
        line: usize,
        /// What was there.
        found: String,
    },
    /// A cue ends before (or when) it starts.
    #[error("cue {cue} (line {line}): it ends at {end} but starts at {start}")]
    EndsBeforeStart {
        /// The cue's position.
        cue: usize,
        /// Its timing line.
        line: usize,
        /// Its start, as written.
        start: Timestamp,
        /// Its end, as written.
        end: Timestamp,
    },
    /// A cue starts before the one before it.
    #[error("cue {cue} (line {line}): it starts at {start}, before the cue before it ({previous})")]
    OutOfOrder {
        /// The cue's position.
        cue: usize,
        /// Its timing line.
        line: usize,
        /// Its start.
        start: Timestamp,
        /// The previous cue's start.
        previous: Timestamp,
    },
    /// A cue has a number and a timing but no text.
    #[error("cue {cue} (line {line}): it has no text")]
    NoText {
        /// The cue's position.
        cue: usize,
        /// Its timing line.
        line: usize,
    },
}

/// Seconds shown as an SRT time, `HH:MM:SS,mmm` (in error messages).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timestamp(pub f64);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clock(self.0, ','))
    }
}

/// Reads an SRT file: a UTF-8 BOM and CRLF line ends are accepted, as are `.` before the
/// milliseconds (some editors write it) and cue numbers that are not consecutive.
pub fn parse(text: &str) -> Result<Vec<Cue>, SrtError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cues: Vec<Cue> = Vec::new();
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r')).enumerate();
    while let Some((index, first)) = lines.by_ref().find(|(_, l)| !l.trim().is_empty()) {
        let cue = cues.len() + 1;
        let first = first.trim();
        if first.parse::<u64>().is_err() {
            return Err(SrtError::Number {
                cue,
                line: index + 1,
                found: first.to_owned(),
            });
        }
        let (timing_index, timing) = lines.next().unwrap_or((index + 1, ""));
        let line = timing_index + 1;
        let (start, end) = timing_of(timing).ok_or_else(|| SrtError::Timing {
            cue,
            line,
            found: timing.to_owned(),
        })?;
        if end <= start {
            return Err(SrtError::EndsBeforeStart {
                cue,
                line,
                start: Timestamp(start),
                end: Timestamp(end),
            });
        }
        if let Some(previous) = cues.last()
            && start < previous.start
        {
            return Err(SrtError::OutOfOrder {
                cue,
                line,
                start: Timestamp(start),
                previous: Timestamp(previous.start),
            });
        }
        let body: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| !l.trim().is_empty())
            .collect();
        if body.is_empty() {
            return Err(SrtError::NoText { cue, line });
        }
        cues.push(Cue {
            start,
            end,
            text: body.join("\n"),
        });
    }
    if cues.is_empty() {
        return Err(SrtError::Empty);
    }
    Ok(cues)
}

/// Renders cues as SRT: numbered from 1, `HH:MM:SS,mmm` times, a blank line after each. Blank
/// lines inside a cue's text are dropped, since SRT reads one as the end of the cue.
pub fn write(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        let text: Vec<&str> = cue.text.lines().filter(|l| !l.trim().is_empty()).collect();
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            clock(cue.start, ','),
            clock(cue.end, ','),
            text.join("\n")
        );
    }
    out
}

/// `HH:MM:SS` and milliseconds after `separator` (`,` in SRT, `.` in WebVTT).
pub fn clock(seconds: f64, separator: char) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// `start --> end` (anything after the end time, such as position hints, is ignored).
fn timing_of(line: &str) -> Option<(f64, f64)> {
    let (start, rest) = line.trim().split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((seconds_of(start.trim())?, seconds_of(end)?))
}

/// `HH:MM:SS,mmm` (or `.mmm`) in seconds.
fn seconds_of(time: &str) -> Option<f64> {
    let (hms, ms) = time.split_once([',', '.'])?;
    let mut parts = hms.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || ms.len() != 3 || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let number = |t: &str| -> Option<u64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (h, m, s, ms) = (number(h)?, number(m)?, number(s)?, number(ms)?);
    if m > 59 || s > 59 {
        return None;
    }
    Some((h * 3600 + m * 60 + s) as f64 + ms as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "1\n00:00:00,000 --> 00:00:02,500\nHola a todos.\n\n\
                        2\n00:00:02,500 --> 00:01:05,040\nBienvenidos\nal curso.\n\n";

    #[test]
    fn a_file_round_trips() {
        let cues = parse(FILE).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[1].start, 2.5);
        assert_eq!(cues[1].end, 65.04);
        assert_eq!(cues[1].text, "Bienvenidos\nal curso.");
        assert_eq!(write(&cues), FILE);
    }

    #[test]
    fn editors_variants_are_read() {
        let crlf = format!(
            "\u{feff}{}",
            FILE.replace('\n', "\r\n").replace(",500", ".500")
        );
        assert_eq!(parse(&crlf).unwrap(), parse(FILE).unwrap());
        let renumbered = FILE.replace("2\n00:00:02", "7\n00:00:02");
        assert_eq!(parse(&renumbered).unwrap().len(), 2);
    }

    #[test]
    fn broken_files_name_the_cue_and_line() {
        assert_eq!(parse(" \n\n"), Err(SrtError::Empty));
        let cases = [
            ("one\n00:00:00,000 --> 00:00:01,000\nx\n", "cue 1 (line 1)"),
            ("1\n00:00:00 --> 00:00:01,000\nx\n", "cue 1 (line 2)"),
            (
                "1\n00:00:02,000 --> 00:00:01,000\nx\n",
                "ends at 00:00:01,000",
            ),
            (
                "1\n00:00:05,000 --> 00:00:06,000\nx\n\n2\n00:00:01,000 --> 00:00:02,000\ny\n",
                "cue 2 (line 6): it starts at 00:00:01,000, before",
            ),
            (
                "1\n00:00:00,000 --> 00:00:01,000\n\n",
                "cue 1 (line 2): it has no text",
            ),
            ("1\n00:00:00,000 --> 00:61:00,000\nx\n", "is not a timing"),
        ];
        for (text, message) in cases {
            let error = parse(text).unwrap_err().to_string();
            assert!(error.contains(message), "{text:?}: {error}");
        }
    }
}
