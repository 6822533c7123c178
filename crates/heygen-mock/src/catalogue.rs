//! The catalogue the mock serves: avatars, talking photos, voices and templates.
//!
//! The built-in catalogue holds every id the HeyGen tutorial uses, so its snippets run as
//! written. `--fixtures FILE` (JSON or YAML) replaces it; the file's JSON Schema comes from these
//! types (`heygen-mock --print-fixtures-schema`), so the format is documented by the code itself.

use std::{collections::BTreeMap, path::Path};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Everything the read-only catalogue routes serve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Avatars for `character.type = "avatar"`.
    pub avatars: Vec<AvatarFixture>,
    /// Talking photos for `character.type = "talking_photo"`.
    #[serde(default)]
    pub talking_photos: Vec<TalkingPhotoFixture>,
    /// Voices for text-to-speech.
    pub voices: Vec<VoiceFixture>,
    /// Templates for `/v2/template/{id}/generate`.
    #[serde(default)]
    pub templates: Vec<TemplateFixture>,
}

/// One avatar, as `/v2/avatars` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvatarFixture {
    /// Id used in `character.avatar_id`.
    pub avatar_id: String,
    /// Display name.
    pub avatar_name: String,
    /// `female`, `male` or other.
    pub gender: String,
    /// Whether the avatar needs a paid plan.
    #[serde(default)]
    pub premium: bool,
    /// Styles it renders in; requests with another style get 40011.
    #[serde(default = "default_styles")]
    pub avatar_styles: Vec<String>,
    /// Voice suggested for it.
    #[serde(default)]
    pub default_voice_id: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The avatar group (a person and their looks) in `/v2/avatar_group.list`; by default the
    /// part of `avatar_id` before its first `-` (`Angela` for `Angela-inTshirt-20220820`).
    #[serde(default)]
    pub group_id: Option<String>,
}

impl AvatarFixture {
    /// The group this avatar is a look of.
    pub fn group(&self) -> &str {
        self.group_id.as_deref().unwrap_or_else(|| {
            self.avatar_id
                .split_once('-')
                .map_or(self.avatar_id.as_str(), |(group, _)| group)
        })
    }
}

fn default_styles() -> Vec<String> {
    vec!["normal".into()]
}

/// One talking photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TalkingPhotoFixture {
    /// Id used in `character.talking_photo_id`.
    pub talking_photo_id: String,
    /// Display name.
    pub talking_photo_name: String,
}

/// One voice, as `/v2/voices` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoiceFixture {
    /// Id used in `voice.voice_id`.
    pub voice_id: String,
    /// Language name, e.g. `English`.
    pub language: String,
    /// `female` or `male`.
    pub gender: String,
    /// Display name.
    pub name: String,
    /// Whether the voice honours pauses.
    #[serde(default)]
    pub support_pause: bool,
    /// Whether `voice.emotion` may be set.
    #[serde(default)]
    pub emotion_support: bool,
    /// Whether interactive avatars can use it.
    #[serde(default)]
    pub support_interactive_avatar: bool,
    /// Speech engines that can speak it (`starfish`, `elevenlabs`, `fish`); v3 lists filter
    /// on it, and `/v3/voices/speech` takes only `starfish` voices.
    #[serde(default = "default_engines")]
    pub engines: Vec<String>,
    /// Whether it speaks locale variants (`en-US`, `en-GB`) of its language.
    #[serde(default)]
    pub support_locale: bool,
}

fn default_engines() -> Vec<String> {
    vec!["starfish".into()]
}

/// One template with its variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateFixture {
    /// Id in `/v2/template/{template_id}`.
    pub template_id: String,
    /// Title.
    pub title: String,
    /// ISO-8601 creation time.
    pub created_at: String,
    /// `landscape`, `portrait` or `square`.
    #[serde(default = "default_aspect")]
    pub aspect_ratio: String,
    /// Length of the rendered template without its text variables, in seconds.
    #[serde(default = "default_template_seconds")]
    pub base_duration_seconds: f64,
    /// Variables by name.
    pub variables: BTreeMap<String, TemplateVariableFixture>,
}

fn default_aspect() -> String {
    "landscape".into()
}

fn default_template_seconds() -> f64 {
    20.0
}

/// A template variable and its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateVariableFixture {
    /// `text`, `image`, `video`, `avatar`, `voice` or `audio`.
    #[serde(rename = "type")]
    pub kind: VariableKind,
    /// Default text (text), URL (image, video, audio) or id (avatar, voice).
    pub default: String,
}

/// The variable types templates support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VariableKind {
    /// Text or an avatar script.
    Text,
    /// An image URL.
    Image,
    /// A video URL.
    Video,
    /// An avatar id.
    Avatar,
    /// A voice id.
    Voice,
    /// An audio URL.
    Audio,
}

impl VariableKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            VariableKind::Text => "text",
            VariableKind::Image => "image",
            VariableKind::Video => "video",
            VariableKind::Avatar => "avatar",
            VariableKind::Voice => "voice",
            VariableKind::Audio => "audio",
        }
    }
}

/// Why a fixtures file was refused.
#[derive(Debug, thiserror::Error)]
pub enum FixturesError {
    /// It could not be read.
    #[error("cannot read fixtures file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// It does not match the format.
    #[error(
        "fixtures file {path} does not match the format (see --print-fixtures-schema): {message}"
    )]
    Parse {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Catalogue {
    /// Loads a JSON or YAML catalogue file.
    pub fn load(path: &Path) -> Result<Self, FixturesError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FixturesError::Read {
            path: shown.clone(),
            source,
        })?;
        let parsed = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        } else {
            serde_norway::from_str(&text).map_err(|e| e.to_string())
        };
        let catalogue: Catalogue = parsed.map_err(|message| FixturesError::Parse {
            path: shown.clone(),
            message,
        })?;
        catalogue.check().map_err(|message| FixturesError::Parse {
            path: shown,
            message,
        })?;
        Ok(catalogue)
    }

    /// The `--fixtures` file if one is configured, else the built-in catalogue.
    pub fn for_config(config: &crate::config::Config) -> Result<Self, FixturesError> {
        match &config.fixtures {
            Some(path) => Self::load(path),
            None => Ok(Self::builtin()),
        }
    }

    /// Rules the types cannot hold: durations must be finite and not negative.
    fn check(&self) -> Result<(), String> {
        for t in &self.templates {
            if !t.base_duration_seconds.is_finite() || t.base_duration_seconds < 0.0 {
                return Err(format!(
                    "template {}: base_duration_seconds must be a finite number >= 0",
                    t.template_id
                ));
            }
        }
        Ok(())
    }

    /// The JSON Schema of the fixtures file format.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Catalogue)).unwrap_or_default()
    }

    /// An avatar by id.
    pub fn avatar(&self, id: &str) -> Option<&AvatarFixture> {
        self.avatars.iter().find(|a| a.avatar_id == id)
    }

    /// The avatar groups, in catalogue order, each with its looks.
    pub fn avatar_groups(&self) -> Vec<(&str, Vec<&AvatarFixture>)> {
        let mut groups: Vec<(&str, Vec<&AvatarFixture>)> = Vec::new();
        for avatar in &self.avatars {
            match groups.iter_mut().find(|(id, _)| *id == avatar.group()) {
                Some((_, looks)) => looks.push(avatar),
                None => groups.push((avatar.group(), vec![avatar])),
            }
        }
        groups
    }

    /// A voice by id.
    pub fn voice(&self, id: &str) -> Option<&VoiceFixture> {
        self.voices.iter().find(|v| v.voice_id == id)
    }

    /// A talking photo by id.
    pub fn talking_photo(&self, id: &str) -> Option<&TalkingPhotoFixture> {
        self.talking_photos
            .iter()
            .find(|t| t.talking_photo_id == id)
    }

    /// A template by id.
    pub fn template(&self, id: &str) -> Option<&TemplateFixture> {
        self.templates.iter().find(|t| t.template_id == id)
    }

    /// The built-in catalogue: 48 avatars, voices in ten languages, four templates.
    pub fn builtin() -> Self {
        Self {
            avatars: builtin_avatars(),
            talking_photos: vec![
                TalkingPhotoFixture {
                    talking_photo_id: "tp_8c2b8a5f2d2d4a3c".into(),
                    talking_photo_name: "Studio Portrait".into(),
                },
                TalkingPhotoFixture {
                    talking_photo_id: "tp_1f0e9d8c7b6a5948".into(),
                    talking_photo_name: "Office Headshot".into(),
                },
            ],
            voices: builtin_voices(),
            templates: builtin_templates(),
        }
    }
}

/// A stable 32-hex-digit id, shaped like HeyGen's voice ids.
fn hex_id(seed: &str) -> String {
    hex::encode(&Sha256::digest(seed.as_bytes())[..16])
}

fn builtin_avatars() -> Vec<AvatarFixture> {
    const PEOPLE: [(&str, &str, &str); 12] = [
        ("Angela", "female", "20220820"),
        ("Daisy", "female", "20220818"),
        ("Josh", "male", "20220721"),
        ("Tyler", "male", "20220803"),
        ("Anna", "female", "20220812"),
        ("Kristin", "female", "20220901"),
        ("Wayne", "male", "20220426"),
        ("Edward", "male", "20220615"),
        ("Monica", "female", "20220819"),
        ("Tyrone", "male", "20220712"),
        ("Lily", "female", "20220905"),
        ("Brandon", "male", "20220824"),
    ];
    const OUTFITS: [(&str, &str); 4] = [
        ("inblackskirt", "in Black Dress"),
        ("inTshirt", "in T-shirt"),
        ("inskirt", "in Skirt"),
        ("insuit", "in Suit"),
    ];
    let english = builtin_voices();
    let mut avatars = Vec::new();
    for (i, (name, gender, date)) in PEOPLE.iter().enumerate() {
        for (j, (outfit, label)) in OUTFITS.iter().enumerate() {
            let voice = english
                .iter()
                .find(|v| v.gender == *gender && v.language == "English")
                .map(|v| v.voice_id.clone());
            avatars.push(AvatarFixture {
                avatar_id: format!("{name}-{outfit}-{date}"),
                avatar_name: format!("{name} {label}"),
                gender: (*gender).into(),
                premium: (i + j) % 5 == 4,
                avatar_styles: if j == 3 {
                    vec!["normal".into(), "circle".into(), "closeUp".into()]
                } else {
                    vec![
                        "normal".into(),
                        "casual".into(),
                        "circle".into(),
                        "closeUp".into(),
                    ]
                },
                default_voice_id: voice,
                tags: vec![if j == 3 { "business" } else { "casual" }.into()],
                group_id: None,
            });
        }
    }
    avatars
}

/// Languages whose built-in voices speak regional variants (`support_locale`).
const LOCALE_LANGUAGES: [&str; 5] = ["English", "Spanish", "French", "Portuguese", "Chinese"];

fn builtin_voices() -> Vec<VoiceFixture> {
    let voice =
        |id: String, language: &str, gender: &str, name: &str, emotion: bool| VoiceFixture {
            voice_id: id,
            language: language.into(),
            gender: gender.into(),
            name: name.into(),
            support_pause: emotion,
            emotion_support: emotion,
            support_interactive_avatar: language == "English",
            // Voices with emotions are also ElevenLabs voices; every one speaks through
            // Starfish unless listed otherwise below.
            engines: if emotion {
                vec!["elevenlabs".into(), "starfish".into()]
            } else {
                vec!["starfish".into()]
            },
            support_locale: LOCALE_LANGUAGES.contains(&language),
        };
    let mut voices = vec![
        voice(
            "26b2064088674c80b1e5fc5ab1a068ec".into(),
            "English",
            "male",
            "Rex",
            true,
        ),
        voice(
            "1bd001e7e50f421d891986aad5158bc8".into(),
            "English",
            "female",
            "Sara",
            true,
        ),
        voice(
            "2d5b0e6cf36f460aa7fc47e3eee4ba54".into(),
            "English",
            "female",
            "Jenny",
            false,
        ),
        voice(
            "spanish_voice_id".into(),
            "Spanish",
            "female",
            "Lucia",
            false,
        ),
    ];
    const MORE: [(&str, &str, &str); 18] = [
        ("English", "male", "Paul"),
        ("English", "female", "Emma"),
        ("Spanish", "male", "Mateo"),
        ("French", "female", "Camille"),
        ("French", "male", "Louis"),
        ("German", "female", "Hanna"),
        ("German", "male", "Felix"),
        ("Italian", "female", "Giulia"),
        ("Italian", "male", "Marco"),
        ("Portuguese", "female", "Beatriz"),
        ("Portuguese", "male", "Tiago"),
        ("Polish", "female", "Zofia"),
        ("Polish", "male", "Jakub"),
        ("Chinese", "female", "Xiaomei"),
        ("Chinese", "male", "Wei"),
        ("Japanese", "female", "Yui"),
        ("Japanese", "male", "Haruto"),
        ("Hindi", "female", "Aanya"),
    ];
    for (i, (language, gender, name)) in MORE.iter().enumerate() {
        let mut more = voice(
            hex_id(&format!("voice-{name}")),
            language,
            gender,
            name,
            i % 3 == 0,
        );
        // Every third of them is a Fish-only voice, which v3 text to speech cannot use.
        if i % 3 == 2 {
            more.engines = vec!["fish".into()];
        }
        voices.push(more);
    }
    // The tutorial's example answer shows Rex with support_pause false.
    voices[0].support_pause = false;
    voices
}

fn builtin_templates() -> Vec<TemplateFixture> {
    let var = |kind: VariableKind, default: &str| TemplateVariableFixture {
        kind,
        default: default.into(),
    };
    vec![
        TemplateFixture {
            template_id: "abcdef123456".into(),
            title: "Product Announcement".into(),
            created_at: "2023-09-15T14:25:30Z".into(),
            aspect_ratio: "landscape".into(),
            base_duration_seconds: 20.0,
            variables: BTreeMap::from([
                (
                    "company_name".into(),
                    var(VariableKind::Text, "Company Name"),
                ),
                (
                    "product_name".into(),
                    var(VariableKind::Text, "Product Name"),
                ),
                (
                    "key_benefit".into(),
                    var(VariableKind::Text, "amazing benefits to users"),
                ),
                (
                    "product_image".into(),
                    var(VariableKind::Image, "https://example.com/default-image.jpg"),
                ),
            ]),
        },
        TemplateFixture {
            template_id: "ghijkl789012".into(),
            title: "Weekly Update".into(),
            created_at: "2023-09-18T09:12:45Z".into(),
            aspect_ratio: "landscape".into(),
            base_duration_seconds: 45.0,
            variables: BTreeMap::from([
                (
                    "headline".into(),
                    var(VariableKind::Text, "This week at Acme"),
                ),
                (
                    "script".into(),
                    var(VariableKind::Text, "Here is what happened this week."),
                ),
                (
                    "presenter".into(),
                    var(VariableKind::Avatar, "Angela-inTshirt-20220820"),
                ),
                (
                    "narrator_voice".into(),
                    var(VariableKind::Voice, "1bd001e7e50f421d891986aad5158bc8"),
                ),
                (
                    "b_roll".into(),
                    var(
                        VariableKind::Video,
                        "https://example.com/default-b-roll.mp4",
                    ),
                ),
                (
                    "music".into(),
                    var(VariableKind::Audio, "https://example.com/default-music.mp3"),
                ),
                (
                    "logo".into(),
                    var(VariableKind::Image, "https://example.com/default-logo.png"),
                ),
            ]),
        },
        TemplateFixture {
            template_id: "b7e4c2a9d1f04e6b".into(),
            title: "Customer Welcome".into(),
            created_at: "2024-02-02T10:00:00Z".into(),
            aspect_ratio: "portrait".into(),
            base_duration_seconds: 15.0,
            variables: BTreeMap::from([
                ("customer_name".into(), var(VariableKind::Text, "there")),
                (
                    "presenter".into(),
                    var(VariableKind::Avatar, "Daisy-inskirt-20220818"),
                ),
            ]),
        },
        TemplateFixture {
            template_id: "c3d9e8f7a6b54c21".into(),
            title: "Course Lesson".into(),
            created_at: "2024-05-20T08:30:00Z".into(),
            aspect_ratio: "landscape".into(),
            base_duration_seconds: 60.0,
            variables: BTreeMap::from([
                ("lesson_title".into(), var(VariableKind::Text, "Lesson 1")),
                (
                    "lesson_script".into(),
                    var(VariableKind::Text, "Welcome to the first lesson."),
                ),
                (
                    "slide".into(),
                    var(VariableKind::Image, "https://example.com/slide.png"),
                ),
                (
                    "voice".into(),
                    var(VariableKind::Voice, "26b2064088674c80b1e5fc5ab1a068ec"),
                ),
            ]),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_holds_every_tutorial_id() {
        let c = Catalogue::builtin();
        for id in [
            "Angela-inblackskirt-20220820",
            "Angela-inTshirt-20220820",
            "Daisy-inskirt-20220818",
        ] {
            assert!(c.avatar(id).is_some(), "{id}");
        }
        for id in [
            "26b2064088674c80b1e5fc5ab1a068ec",
            "1bd001e7e50f421d891986aad5158bc8",
            "2d5b0e6cf36f460aa7fc47e3eee4ba54",
            "spanish_voice_id",
        ] {
            assert!(c.voice(id).is_some(), "{id}");
        }
        let t = c.template("abcdef123456").unwrap();
        assert_eq!(t.variables.len(), 4);
        assert!(c.template("ghijkl789012").is_some());
        assert!(c.avatars.len() >= 36);
        let languages: std::collections::BTreeSet<_> =
            c.voices.iter().map(|v| &v.language).collect();
        assert!(languages.len() >= 8);
    }

    #[test]
    fn catalogue_round_trips_through_the_file_format() {
        let c = Catalogue::builtin();
        let dir = std::env::temp_dir().join(format!("heygen-mock-fixtures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.json");
        std::fs::write(&path, serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(Catalogue::load(&path).unwrap(), c);
        std::fs::write(&path, "{\"avatars\": 3}").unwrap();
        let err = Catalogue::load(&path).unwrap_err().to_string();
        assert!(err.contains("does not match"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn schema_describes_the_format() {
        let schema = Catalogue::json_schema();
        assert!(schema["properties"]["avatars"].is_object(), "{schema}");
    }
}
