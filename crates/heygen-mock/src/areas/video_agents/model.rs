//! Video agent sessions: what the mock keeps about one, and how its status, progress and
//! messages follow its runs' videos on the mock clock.
//!
//! A session stores no status. Each run (the prompt of a `generate` session, each message of
//! a `chat` one) starts a video job, and the session reads as that video: `thinking` for the
//! first half of its queue time, `reviewing` (the storyboard) for the second, `generating`
//! while it renders, then `completed` or `failed`. So forcing, stopping or failing the video
//! moves the session with it, and the session's `video_agent.*` events fire with the video's
//! own, from a [`Follower`] the video carries, which also remembers the outcome in case the
//! video is deleted later.

use std::sync::{
    Arc,
    atomic::{AtomicU8, Ordering},
};

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Value, json};

use crate::areas::videos::VideoFacts;
use crate::core::{
    clock::Millis,
    jobs::{Follower, Lifecycle, Phase},
    webhooks::Event,
};

/// Event types sessions announce.
pub const EVENT_TYPES: [&str; 2] = ["video_agent.success", "video_agent.fail"];

/// The length of a video whose prompt asks for none.
pub const DEFAULT_SECONDS: f64 = 30.0;
/// Longest video a prompt may ask for (HeyGen's longest render); longer asks are capped.
const MAX_SECONDS: f64 = 3600.0;
/// Messages a session read shows at most (HeyGen's limit).
pub const MAX_MESSAGES: usize = 40;
/// Files one request may attach (HeyGen's limit).
pub const MAX_FILES: usize = 20;
/// Seconds of video per storyboard scene.
const SCENE_SECONDS: f64 = 10.0;

/// How a session proceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// On its own, to one video.
    Generate,
    /// Pausing for answers; each message renders a new video.
    Chat,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Writing the script (or, in chat mode, working out its question).
    Thinking,
    /// A chat session waiting for a message.
    WaitingForInput,
    /// Checking the storyboard.
    Reviewing,
    /// Rendering the video.
    Generating,
    /// The latest video completed.
    Completed,
    /// The latest video failed (or was stopped, or deleted before it finished).
    Failed,
}

impl Status {
    /// The wire name of `GET /v3/video-agents/{session_id}`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Thinking => "thinking",
            Status::WaitingForInput => "waiting_for_input",
            Status::Reviewing => "reviewing",
            Status::Generating => "generating",
            Status::Completed => "completed",
            Status::Failed => "failed",
        }
    }

    /// The wire name in a create answer, whose enum has only `thinking`, `generating`,
    /// `completed` and `failed`: the agent is still working out the video before it renders.
    pub fn on_create(self) -> &'static str {
        match self {
            Status::Thinking | Status::WaitingForInput | Status::Reviewing => "thinking",
            other => other.as_str(),
        }
    }

    /// Whether the agent is working (a message now would interrupt it).
    pub fn is_busy(self) -> bool {
        matches!(
            self,
            Status::Thinking | Status::Reviewing | Status::Generating
        )
    }
}

/// When a run's storyboard is ready: halfway through its video's queue time, as scheduled
/// when the run started (a stop that ends the video early does not move it).
pub fn storyboard_at(video: &Lifecycle) -> Millis {
    video.created_ms + (video.started_ms.saturating_sub(video.created_ms)) / 2
}

/// What the agent uses, as chosen at create and changed by later messages.
#[derive(Debug, Clone, Serialize)]
pub struct Choices {
    /// The presenter's look.
    pub avatar_id: Option<String>,
    /// The narrating voice.
    pub voice_id: Option<String>,
    /// A style from the catalogue.
    pub style_id: Option<String>,
    /// `landscape` or `portrait`.
    pub orientation: &'static str,
    /// A brand kit.
    pub brand_kit_id: Option<String>,
    /// The length asked for.
    pub duration_seconds: f64,
}

impl Choices {
    fn presenter(&self) -> String {
        let mut who = match (&self.avatar_id, &self.voice_id) {
            (Some(a), Some(v)) => format!("presented by {a} with voice {v}"),
            (Some(a), None) => format!("presented by {a}"),
            (None, Some(v)) => format!("narrated by voice {v}"),
            (None, None) => "without a presenter".to_owned(),
        };
        if let Some(style) = &self.style_id {
            who.push_str(&format!(", in style {style}"));
        }
        if let Some(kit) = &self.brand_kit_id {
            who.push_str(&format!(", with brand kit {kit}"));
        }
        who
    }

    /// The question a chat session asks before its first video.
    pub fn question(&self, title: &str) -> String {
        format!(
            "I'll make a {} video of about {} seconds, \"{title}\", {}. Shall I go ahead? Reply \
             to start, or tell me what to change (send avatar_id or voice_id to switch).",
            self.orientation,
            self.duration_seconds.round(),
            self.presenter()
        )
    }

    /// What the agent says when a run's storyboard is ready.
    pub fn storyboard_note(&self) -> String {
        let scenes = match scene_count(self.duration_seconds) {
            1 => "1 scene".to_owned(),
            n => format!("{n} scenes"),
        };
        format!(
            "Storyboard ready: {scenes} over {} seconds, {}.",
            self.duration_seconds.round(),
            self.presenter()
        )
    }

    /// A run's storyboard, as its `draft` resource's metadata.
    pub fn draft(&self, script: &str) -> Value {
        let seconds = self.duration_seconds;
        let scenes: Vec<Value> = (0..scene_count(seconds))
            .map(|i| {
                let start = i as f64 * SCENE_SECONDS;
                json!({
                    "index": i + 1,
                    "start": start,
                    "end": (start + SCENE_SECONDS).min(seconds),
                })
            })
            .collect();
        json!({
            "script": script,
            "scenes": scenes,
            "avatar_id": self.avatar_id,
            "voice_id": self.voice_id,
            "style_id": self.style_id,
            "brand_kit_id": self.brand_kit_id,
            "orientation": self.orientation,
            "duration_seconds": seconds,
        })
    }
}

/// A file attached to a message, or a run's storyboard: what `…/resources/{id}` shows.
#[derive(Debug, Clone)]
pub struct Resource {
    /// `image`, `video`, `audio`, `file` or `draft`.
    pub resource_type: &'static str,
    /// `user_uploaded` or `generated`.
    pub source_type: &'static str,
    /// Where the file is, when it is a link.
    pub url: Option<String>,
    /// When it was attached or made.
    pub created_ms: Millis,
    /// What it is.
    pub metadata: Value,
}

/// Something the user said: the prompt or a later message.
#[derive(Debug, Clone)]
pub struct Turn {
    /// The text.
    pub text: String,
    /// When it was sent.
    pub created_ms: Millis,
    /// The files attached to it, as resources.
    pub resource_ids: Vec<String>,
}

/// How a run's video ended, as its follower heard it announced: kept so that a session whose
/// video is later deleted still reads as it ended.
#[derive(Debug, Default)]
pub struct Announced(AtomicU8);

impl Announced {
    const COMPLETED: u8 = 1;
    const FAILED: u8 = 2;

    fn record(&self, completed: bool) {
        let value = if completed {
            Self::COMPLETED
        } else {
            Self::FAILED
        };
        self.0.store(value, Ordering::Release);
    }

    /// `Some(true)` once announced completed, `Some(false)` failed, `None` not yet.
    pub fn outcome(&self) -> Option<bool> {
        match self.0.load(Ordering::Acquire) {
            Self::COMPLETED => Some(true),
            Self::FAILED => Some(false),
            _ => None,
        }
    }
}

/// One run of the agent: the video it renders.
#[derive(Debug, Clone)]
pub struct Run {
    /// Its id (`run_id` of a message's answer).
    pub run_id: String,
    /// The video it renders.
    pub video_id: String,
    /// The storyboard resource.
    pub draft_id: String,
    /// The resource standing for the finished video.
    pub video_resource_id: String,
    /// The message that started it; `None` for the prompt of a `generate` session.
    pub message: Option<Turn>,
    /// When its storyboard is ready.
    pub storyboard_at_ms: Millis,
    /// What the agent said of the storyboard, as the choices were when the run started.
    pub storyboard_note: String,
    /// How its video ended, once announced.
    pub announced: Arc<Announced>,
}

impl Run {
    /// Where the run stands at `now`, from its video's timeline; a deleted video's run reads
    /// as its video was announced to end (failed if it never was).
    fn status(&self, video: Option<&Lifecycle>, now: Millis) -> Status {
        let Some(video) = video else {
            return match self.announced.outcome() {
                Some(true) => Status::Completed,
                Some(false) | None => Status::Failed,
            };
        };
        match video.phase(now) {
            Phase::Completed => Status::Completed,
            Phase::Failed(_) => Status::Failed,
            Phase::Processing => Status::Generating,
            Phase::Pending if now >= self.storyboard_at_ms => Status::Reviewing,
            Phase::Pending => Status::Thinking,
        }
    }
}

/// One session.
#[derive(Debug, Clone)]
pub struct Session {
    /// How it proceeds.
    pub mode: Mode,
    /// The title the agent gave it.
    pub title: String,
    /// The prompt.
    pub prompt: Turn,
    /// A chat session asks its first question at this instant.
    pub asks_at_ms: Millis,
    /// The question, as the choices were when the session was created.
    pub question: String,
    /// What the agent uses.
    pub choices: Choices,
    /// Receives the session's events, unsigned.
    pub callback_url: Option<String>,
    /// Echoed in the session's events.
    pub callback_id: Option<String>,
    /// Attachments and storyboards by id (videos are read from their jobs).
    pub resources: IndexMap<String, Resource>,
    /// Its runs, oldest first.
    pub runs: Vec<Run>,
}

/// A message as a session read shows it.
#[derive(Debug, Serialize)]
pub struct Message {
    role: &'static str,
    content: String,
    #[serde(rename = "type")]
    kind: &'static str,
    created_at: u64,
    resource_ids: Option<Vec<String>>,
}

impl Message {
    fn user(turn: &Turn) -> (Millis, Self) {
        let ids = (!turn.resource_ids.is_empty()).then(|| turn.resource_ids.clone());
        let message = Self {
            role: "user",
            content: turn.text.clone(),
            kind: "text",
            created_at: turn.created_ms / 1000,
            resource_ids: ids,
        };
        (turn.created_ms, message)
    }

    fn model(at: Millis, kind: &'static str, content: String, ids: Vec<String>) -> (Millis, Self) {
        let message = Self {
            role: "model",
            content,
            kind,
            created_at: at / 1000,
            resource_ids: (!ids.is_empty()).then_some(ids),
        };
        (at, message)
    }
}

impl Session {
    /// The latest run, if any.
    pub fn latest(&self) -> Option<&Run> {
        self.runs.last()
    }

    /// Where the session stands at `now` and its progress (0–100), given the latest run's
    /// video as it is now.
    pub fn status(&self, latest_video: Option<&VideoFacts>, now: Millis) -> (Status, u8) {
        let Some(run) = self.latest() else {
            let status = if now < self.asks_at_ms {
                Status::Thinking
            } else {
                Status::WaitingForInput
            };
            return (status, 0);
        };
        let video = latest_video.map(|v| &v.lifecycle);
        let status = run.status(video, now);
        let progress = match (status, video) {
            (Status::Completed | Status::Failed, _) | (_, None) => 100,
            (_, Some(v)) => {
                let span = u128::from(v.finished_ms.saturating_sub(v.created_ms).max(1));
                let done = u128::from(now.saturating_sub(v.created_ms)).min(span);
                u8::try_from(done * 100 / span).unwrap_or(100).min(99)
            }
        };
        (status, progress)
    }

    /// The messages visible at `now`, newest first, at most [`MAX_MESSAGES`]; `video` reads
    /// a run's video as it is now.
    pub fn messages(
        &self,
        now: Millis,
        video: impl Fn(&str) -> Option<VideoFacts>,
    ) -> Vec<Message> {
        let mut all = vec![Message::user(&self.prompt)];
        if self.mode == Mode::Chat && now >= self.asks_at_ms {
            all.push(Message::model(
                self.asks_at_ms,
                "text",
                self.question.clone(),
                Vec::new(),
            ));
        }
        for run in &self.runs {
            all.extend(run.message.as_ref().map(Message::user));
            let Some(facts) = video(&run.video_id) else {
                continue;
            };
            let timeline = &facts.lifecycle;
            let phase = timeline.phase(now);
            // A run stopped before its storyboard was ready never shows one.
            let ended_at = phase.is_terminal().then_some(timeline.finished_ms);
            if now >= run.storyboard_at_ms && ended_at.is_none_or(|end| end >= run.storyboard_at_ms)
            {
                all.push(Message::model(
                    run.storyboard_at_ms,
                    "resource",
                    run.storyboard_note.clone(),
                    vec![run.draft_id.clone()],
                ));
            }
            match phase {
                Phase::Completed => all.push(Message::model(
                    timeline.finished_ms,
                    "resource",
                    self.ready_note(&facts),
                    vec![run.video_resource_id.clone()],
                )),
                Phase::Failed(failure) => all.push(Message::model(
                    timeline.finished_ms,
                    "error",
                    failure.summary(),
                    Vec::new(),
                )),
                Phase::Pending | Phase::Processing => {}
            }
        }
        // Stable: of two messages at one instant, the later one said is listed first.
        all.sort_by_key(|(at, _)| *at);
        all.into_iter()
            .rev()
            .take(MAX_MESSAGES)
            .map(|(_, m)| m)
            .collect()
    }

    fn ready_note(&self, facts: &VideoFacts) -> String {
        let seconds = facts.duration.unwrap_or(self.choices.duration_seconds);
        let next = match self.mode {
            Mode::Chat => " Tell me what to change for a revision.",
            Mode::Generate => "",
        };
        format!(
            "Your video \"{}\" is ready ({seconds:.1} s).{next}",
            self.title
        )
    }
}

fn scene_count(seconds: f64) -> usize {
    ((seconds / SCENE_SECONDS).ceil() as usize).clamp(1, 360)
}

/// The title the agent gives a session: the prompt's first sentence, cut at a word boundary
/// to 60 characters, capitalised.
pub fn title_of(prompt: &str) -> String {
    let sentence = prompt
        .split(['.', '!', '?', '\n'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("Untitled video");
    let mut title = String::new();
    for word in sentence.split_whitespace() {
        if !title.is_empty() && title.chars().count() + 1 + word.chars().count() > 60 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let title: String = title.chars().take(60).collect();
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled video".to_owned(),
    }
}

/// The length a text asks for (`a 30-second teaser`, `2 minutes`, `45s`, `1.5 min`), if
/// it asks for one: the first such phrase, capped at an hour.
pub fn asked_seconds(text: &str) -> Option<f64> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
                .trim_end_matches('.')
                .to_lowercase()
        })
        .collect();
    let unit = |u: &str| match u {
        "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
        "min" | "mins" | "minute" | "minutes" => Some(60.0),
        _ => None,
    };
    let number = |n: &str| n.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0);
    for (i, word) in words.iter().enumerate() {
        // `30-second`, `2-minute`
        if let Some((n, u)) = word.split_once('-')
            && let (Some(n), Some(u)) = (number(n), unit(u))
        {
            return Some((n * u).min(MAX_SECONDS));
        }
        // `45s`, `90sec`, `2min`
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if digits.len() < word.len()
            && let (Some(n), Some(u)) = (number(digits), unit(&word[digits.len()..]))
        {
            return Some((n * u).min(MAX_SECONDS));
        }
        // `30 seconds`, `1.5 min`
        if let (Some(n), Some(u)) = (
            number(word),
            words.get(i + 1).and_then(|next| unit(next.as_str())),
        ) {
            return Some((n * u).min(MAX_SECONDS));
        }
    }
    None
}

/// Told when a run's video finishes: announces `video_agent.success` / `.fail` for the
/// session, to endpoints and, unsigned, to the session's `callback_url`.
#[derive(Debug)]
pub struct RunFollower {
    /// The session.
    pub session_id: String,
    /// The session's callback URL.
    pub callback_url: Option<String>,
    /// The session's callback id.
    pub callback_id: Option<String>,
    /// Where the run keeps the outcome.
    pub announced: Arc<Announced>,
}

impl Follower for RunFollower {
    fn job_finished(&self, video_id: &str, phase: Phase<'_>, output: Option<&str>) -> Vec<Event> {
        match phase {
            Phase::Completed => self.announced.record(true),
            Phase::Failed(_) => self.announced.record(false),
            Phase::Pending | Phase::Processing => {}
        }
        let (event_type, data) = match phase {
            Phase::Completed => (
                "video_agent.success",
                json!({
                    "session_id": self.session_id,
                    "video_id": video_id,
                    "url": output,
                    "callback_id": self.callback_id,
                }),
            ),
            Phase::Failed(failure) => (
                "video_agent.fail",
                json!({
                    "session_id": self.session_id,
                    "video_id": video_id,
                    "msg": failure.summary(),
                    "callback_id": self.callback_id,
                }),
            ),
            Phase::Pending | Phase::Processing => return Vec::new(),
        };
        vec![Event::new(event_type, data, self.callback_url.clone()).about(&self.session_id)]
    }
}

/// One curated style.
#[derive(Debug)]
pub struct Style {
    /// Its id.
    pub style_id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Tags to filter by.
    pub tags: &'static [&'static str],
    /// `16:9`, `9:16` or `1:1`.
    pub aspect_ratio: &'static str,
}

impl Style {
    /// The orientation a video in this style gets when the request names none.
    pub fn orientation(&self) -> &'static str {
        if self.aspect_ratio == "9:16" {
            "portrait"
        } else {
            "landscape"
        }
    }
}

/// The built-in styles, under HeyGen's tags.
pub const STYLES: [Style; 8] = [
    Style {
        style_id: "style_cinematic_noir",
        name: "Cinematic Noir",
        tags: &["cinematic"],
        aspect_ratio: "16:9",
    },
    Style {
        style_id: "style_documentary",
        name: "Widescreen Documentary",
        tags: &["cinematic"],
        aspect_ratio: "16:9",
    },
    Style {
        style_id: "style_retro_terminal",
        name: "Retro Terminal",
        tags: &["retro-tech"],
        aspect_ratio: "16:9",
    },
    Style {
        style_id: "style_synthwave",
        name: "Synthwave",
        tags: &["retro-tech", "pop-culture"],
        aspect_ratio: "16:9",
    },
    Style {
        style_id: "style_pop_art",
        name: "Pop Art Panels",
        tags: &["iconic-artist", "pop-culture"],
        aspect_ratio: "1:1",
    },
    Style {
        style_id: "style_vertical_story",
        name: "Vertical Story",
        tags: &["pop-culture"],
        aspect_ratio: "9:16",
    },
    Style {
        style_id: "style_paper_cutout",
        name: "Paper Cut-out",
        tags: &["handmade"],
        aspect_ratio: "9:16",
    },
    Style {
        style_id: "style_newsprint",
        name: "Newsprint",
        tags: &["print"],
        aspect_ratio: "16:9",
    },
];

/// A style by id.
pub fn style(id: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.style_id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_ask_for_lengths_in_the_ways_people_write_them() {
        assert_eq!(asked_seconds("A 30-second teaser"), Some(30.0));
        assert_eq!(asked_seconds("make it 2 minutes long"), Some(120.0));
        assert_eq!(asked_seconds("about 45s, upbeat"), Some(45.0));
        assert_eq!(asked_seconds("keep it to 1.5 min."), Some(90.0));
        assert_eq!(asked_seconds("a 2-minute explainer"), Some(120.0));
        assert_eq!(asked_seconds("a 900-minute epic"), Some(MAX_SECONDS));
        assert_eq!(asked_seconds("three products, 4 colours"), None);
        assert_eq!(asked_seconds("the 0 seconds case"), None);
    }

    #[test]
    fn titles_come_from_the_first_sentence() {
        assert_eq!(
            title_of("explain our refund policy. Keep it short"),
            "Explain our refund policy"
        );
        assert_eq!(title_of("   "), "Untitled video");
        let long = "word ".repeat(40);
        assert!(title_of(&long).chars().count() <= 60);
    }

    fn lifecycle(created: Millis, started: Millis, finished: Millis) -> Lifecycle {
        Lifecycle {
            created_ms: created,
            started_ms: started,
            finished_ms: finished,
            outcome: crate::core::jobs::Outcome::Completed,
        }
    }

    #[test]
    fn a_run_reads_as_its_video_and_as_announced_once_deleted() {
        let video = lifecycle(0, 1000, 5000);
        let run = Run {
            run_id: "r".into(),
            video_id: "v".into(),
            draft_id: "d".into(),
            video_resource_id: "vr".into(),
            message: None,
            storyboard_at_ms: storyboard_at(&video),
            storyboard_note: String::new(),
            announced: Arc::default(),
        };
        assert_eq!(run.status(Some(&video), 100), Status::Thinking);
        assert_eq!(run.status(Some(&video), 600), Status::Reviewing);
        assert_eq!(run.status(Some(&video), 2000), Status::Generating);
        assert_eq!(run.status(Some(&video), 5000), Status::Completed);
        assert_eq!(
            run.status(None, 6000),
            Status::Failed,
            "deleted unannounced"
        );
        run.announced.record(true);
        assert_eq!(
            run.status(None, 6000),
            Status::Completed,
            "deleted after completing"
        );
        assert_eq!(Status::Reviewing.on_create(), "thinking");
    }
}
