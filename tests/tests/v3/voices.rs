//! HeyGen's v3 voices, speech and read-only libraries through the generated client: the voice
//! list with every filter and its pages (the same ids as `/v2/voices`), voice design, clones
//! from a URL, an uploaded file and base64 (polled with `wait_for_v3` to `complete`, listed
//! as private, spoken in speech and a v3 video, deleted), a forced clone failure, speech whose
//! WAV is parsed and measured against the text and speed, and the audio sounds, brand kits
//! and brand glossaries. Called by the v3 suite, whose coverage check holds every operation
//! here to a success; the main errors are checked here too.

use futures::TryStreamExt;
use heygen_api::{
    Client,
    assets::upload_file,
    errors::V3ErrorCode,
    paginate::paginate,
    prelude::*,
    speech::synthesize_to_file,
    types,
    wait::{WaitError, wait_for_v3},
};
use heygen_tests::{Mock, body, error_status, quick_wait};
use serde_json::{Value, json};

/// Sara: English, female, a Starfish voice (the tutorial's).
const SARA: &str = "1bd001e7e50f421d891986aad5158bc8";
/// Words spoken per second at speed 1.0 (`core::captions::speech_seconds`).
const WORDS_PER_SECOND: f64 = 2.5;

/// The bytes a media link serves, with its content type.
async fn fetch(mock: &Mock, url: &str) -> (String, Vec<u8>) {
    let response = mock.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (content_type, response.bytes().await.unwrap().to_vec())
}

/// A PCM WAV's length in seconds, from its header; checks the header is a real one.
fn wav_seconds(bytes: &[u8]) -> f64 {
    assert_eq!(&bytes[..4], b"RIFF", "a RIFF file");
    assert_eq!(&bytes[8..12], b"WAVE");
    assert_eq!(&bytes[12..16], b"fmt ");
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!(u16_at(20), 1, "PCM");
    assert_eq!(
        u32_at(4) as usize + 8,
        bytes.len(),
        "the RIFF size is the file's"
    );
    let (rate, channels, bits) = (u32_at(24), u16_at(22), u16_at(34));
    assert_eq!(u32_at(28), rate * u32::from(channels) * u32::from(bits) / 8);
    assert_eq!(&bytes[36..40], b"data");
    let data = u32_at(40);
    assert_eq!(data as usize, bytes.len() - 44);
    f64::from(data) / f64::from(u32_at(28))
}

/// A synthesized speech checked whole: the WAV behind the link is as long as `duration`, which
/// is the text's words at `speed`; the timestamps are the text's words in order, contiguous,
/// ending at `duration`.
async fn check_speech(mock: &Mock, speech: &types::SpeechV3, words: &[&str], speed: f64) {
    let expected = (words.len() as f64 / (WORDS_PER_SECOND * speed)).max(1.0);
    assert!(
        (speech.duration - expected).abs() < 0.001,
        "{} s for {} words at {speed}x, expected {expected}",
        speech.duration,
        words.len()
    );
    let (content_type, wav) = fetch(mock, &speech.audio_url).await;
    assert_eq!(content_type, "audio/wav");
    assert!((wav_seconds(&wav) - speech.duration).abs() < 0.001);
    // Not silence throughout: the words sound.
    assert!(
        wav[44..]
            .chunks_exact(2)
            .any(|s| i16::from_le_bytes([s[0], s[1]]).abs() > 1000)
    );
    let stamps = speech.word_timestamps.as_deref().expect("word timestamps");
    let spoken: Vec<&str> = stamps.iter().map(|w| w.word.as_str()).collect();
    assert_eq!(spoken, words);
    let mut at = 0.0;
    for stamp in stamps {
        assert!(stamp.start >= at && stamp.end > stamp.start, "{stamp:?}");
        at = stamp.end;
    }
    assert_eq!(stamps[0].start, 0.0);
    assert!(
        (at - speech.duration).abs() < 1e-9,
        "the last word ends the audio"
    );
}

/// The v3 error code of a raw answer.
fn code(answer: &Value) -> &str {
    answer["error"]["code"].as_str().unwrap_or_default()
}

pub async fn exercise(mock: &Mock, client: &Client) {
    catalogue(mock, client).await;
    design(mock, client).await;
    speech(mock, client).await;
    clones(mock, client).await;
    libraries(mock, client).await;
}

/// The voice list: the legacy list's voices under the same ids, every filter, and pages.
async fn catalogue(mock: &Mock, client: &Client) {
    let legacy = client.list_voices().send().await.unwrap().into_inner();
    let public: Vec<types::VoiceV3> =
        paginate(|token| client.list_voices_v3().limit(7).page_token(token).send())
            .try_collect()
            .await
            .unwrap();
    assert_eq!(public.len(), legacy.data.voices.len());
    for (v2, v3) in legacy.data.voices.iter().zip(&public) {
        assert_eq!(
            (&v2.voice_id, &v2.name, &v2.language, v2.gender.as_ref()),
            (&v3.voice_id, &v3.name, &v3.language, Some(&v3.gender))
        );
        assert_eq!(v3.type_, types::VoiceTypeV3::Public);
    }
    // Every legacy id reads in v3, and the reverse holds by the zip above.
    for v2 in &legacy.data.voices {
        let one = client
            .get_voice_v3()
            .voice_id(&v2.voice_id)
            .send()
            .await
            .unwrap();
        assert_eq!(one.data.name.as_deref(), Some(v2.name.as_str()));
        assert!(
            one.data.status.is_none(),
            "a library voice has no clone status"
        );
    }

    // Filters: engine, language (any case), gender, and all three together.
    let starfish = client
        .list_voices_v3()
        .engine("starfish")
        .limit(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(!starfish.data.is_empty() && starfish.data.len() < public.len());
    assert!(starfish.data.iter().any(|v| v.voice_id == SARA));
    let fish = client
        .list_voices_v3()
        .engine("fish")
        .limit(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fish.data.len() + starfish.data.len(), public.len());
    let english_women = client
        .list_voices_v3()
        .language("english")
        .gender("female")
        .engine("starfish")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(english_women.data.len() >= 2);
    assert!(
        english_women
            .data
            .iter()
            .all(|v| v.language == "English" && v.gender == "female")
    );
    assert!(english_women.data.iter().all(|v| v.support_locale));
    let none = client
        .list_voices_v3()
        .language("Klingon")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(none.data.is_empty() && !none.has_more && none.next_token.is_none());

    // Errors: a gender that is neither, a limit out of range, a forged token, an unknown voice.
    let status = error_status(
        client.list_voices_v3().gender("robot").send().await,
        "gender must be male or female",
    );
    assert_eq!(status, 400);
    assert_eq!(
        error_status(client.list_voices_v3().limit(101).send().await, "limit"),
        400
    );
    assert_eq!(
        error_status(
            client.list_voices_v3().token("forged").send().await,
            "token"
        ),
        400
    );
    let (status, answer) = mock.get_json("/v3/voices?type=shared").await;
    assert_eq!((status, code(&answer)), (400, "invalid_parameter"));
    let (status, answer) = mock.get_json("/v3/voices/nobody").await;
    assert_eq!(
        (status, code(&answer)),
        (404, "voice_not_found"),
        "{answer}"
    );
}

/// Voice design: up to 3 library voices per seed, best match first, deterministic.
async fn design(mock: &Mock, client: &Client) {
    let designed = client
        .design_voice_v3()
        .body(body::<types::DesignVoiceV3Request>(
            json!({"prompt": "a warm female French narrator"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(designed.seed, 0);
    assert_eq!(designed.voices.len(), 3);
    assert_eq!(
        (
            designed.voices[0].name.as_str(),
            designed.voices[0].language.as_str()
        ),
        ("Camille", "French"),
        "the voice matching both gender and language comes first"
    );
    let again = client
        .design_voice_v3()
        .body(body::<types::DesignVoiceV3Request>(
            json!({"prompt": "a warm female French narrator", "seed": 0}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(again.data.voices, designed.voices, "same prompt and seed");
    let next = client
        .design_voice_v3()
        .body(body::<types::DesignVoiceV3Request>(
            json!({"prompt": "a warm female French narrator", "seed": 1}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(next.data.seed, 1);
    assert!(
        next.data
            .voices
            .iter()
            .all(|v| !designed.voices.iter().any(|d| d.voice_id == v.voice_id))
    );
    let filtered = client
        .design_voice_v3()
        .body(body::<types::DesignVoiceV3Request>(
            json!({"prompt": "calm narrator", "gender": "male", "locale": "de-DE"}),
        ))
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = filtered
        .data
        .voices
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Felix"]);
    let far = client
        .design_voice_v3()
        .body(body::<types::DesignVoiceV3Request>(
            json!({"prompt": "anyone", "seed": 1000}),
        ))
        .send()
        .await
        .unwrap();
    assert!(far.data.voices.is_empty());

    for (request, param) in [
        (json!({"prompt": ""}), "prompt"),
        (json!({"prompt": "x", "gender": "robot"}), "gender"),
        (json!({"prompt": "x", "locale": "tlh-KL"}), "locale"),
        (json!({"prompt": "x", "seed": -1}), "seed"),
    ] {
        let (status, answer) = mock.post_json("/v3/voices", &request).await;
        assert_eq!(
            (status, code(&answer)),
            (400, "invalid_parameter"),
            "{request}"
        );
        assert_eq!(answer["error"]["param"], param, "{answer}");
    }
}

/// Speech: playable WAV whose length is the text's at the speed, words timed in order; SSML;
/// the helper that writes the file; and the errors.
async fn speech(mock: &Mock, client: &Client) {
    let text = "Welcome to HeyGen. This voice was synthesized by the API, word by word.";
    let words: Vec<&str> = text.split_whitespace().collect();
    for speed in [1.0, 0.5, 2.0] {
        let speech = client
            .create_speech_v3()
            .body(body::<types::CreateSpeechV3Request>(json!({
                "text": text, "voice_id": SARA, "speed": speed, "locale": "en-US",
            })))
            .send()
            .await
            .unwrap()
            .into_inner()
            .data;
        assert!(speech.request_id.is_some());
        check_speech(mock, &speech, &words, speed).await;
    }
    // A short text lasts at least a second.
    let short = client
        .create_speech_v3()
        .body(body::<types::CreateSpeechV3Request>(
            json!({"text": "Hi!", "voice_id": SARA}),
        ))
        .send()
        .await
        .unwrap();
    check_speech(mock, &short.data, &["Hi!"], 1.0).await;
    // SSML: the tags are not spoken.
    let ssml = client
        .create_speech_v3()
        .body(body::<types::CreateSpeechV3Request>(json!({
            "text": "<speak>Take a breath.<break time=\"1s\"/>Then go on.</speak>",
            "voice_id": SARA, "input_type": "ssml",
        })))
        .send()
        .await
        .unwrap();
    check_speech(
        mock,
        &ssml.data,
        &["Take", "a", "breath.", "Then", "go", "on."],
        1.0,
    )
    .await;

    // The helper: synthesized and written to a file that is the same WAV.
    let dir = std::env::temp_dir().join(format!("heygen-speech-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hello.wav");
    let request = types::CreateSpeechV3Request::builder()
        .text("Hello from a file.")
        .voice_id(SARA)
        .speed(1.25);
    let written = synthesize_to_file(client, request, &path).await.unwrap();
    let file = std::fs::read(&path).unwrap();
    assert!((wav_seconds(&file) - written.duration).abs() < 0.001);
    assert!((written.duration - 4.0 / (WORDS_PER_SECOND * 1.25)).abs() < 0.001);
    std::fs::remove_dir_all(&dir).unwrap();

    // Errors: an unknown voice (404), a voice without the starfish engine, speeds out of
    // range, no text, markup left open, an unknown language.
    let (status, answer) = mock
        .post_json(
            "/v3/voices/speech",
            &json!({"text": "Hi", "voice_id": "nobody"}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["param"].as_str()),
        (404, Some("voice_id"))
    );
    let fish_only = client
        .list_voices_v3()
        .engine("fish")
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let fish_only = fish_only
        .iter()
        .find(|v| {
            // A Fish voice that is not also a Starfish one.
            v.name == "Mateo"
        })
        .expect("Mateo is a Fish-only voice");
    let refused = client
        .create_speech_v3()
        .body(body::<types::CreateSpeechV3Request>(
            json!({"text": "Hola", "voice_id": fish_only.voice_id}),
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        refused.heygen_v3_code(),
        Some(V3ErrorCode::InvalidParameter)
    );
    assert!(
        refused
            .heygen_message()
            .is_some_and(|m| m.contains("starfish")),
        "{refused:?}"
    );
    for (request, param) in [
        (
            json!({"text": "Hi", "voice_id": SARA, "speed": 2.5}),
            "speed",
        ),
        (
            json!({"text": "Hi", "voice_id": SARA, "speed": 0.4}),
            "speed",
        ),
        (json!({"text": "", "voice_id": SARA}), "text"),
        (json!({"text": "   ", "voice_id": SARA}), "text"),
        (json!({"text": "x".repeat(5001), "voice_id": SARA}), "text"),
        (
            json!({"text": "<speak>Hi</speak", "voice_id": SARA, "input_type": "ssml"}),
            "text",
        ),
        (
            json!({"text": "Hi", "voice_id": SARA, "input_type": "html"}),
            "input_type",
        ),
        (
            json!({"text": "Hi", "voice_id": SARA, "language": "tlh"}),
            "language",
        ),
        (json!({"voice_id": SARA}), ""),
    ] {
        let (status, answer) = mock.post_json("/v3/voices/speech", &request).await;
        assert_eq!(
            (status, code(&answer)),
            (400, "invalid_parameter"),
            "{answer}"
        );
        if !param.is_empty() {
            assert_eq!(answer["error"]["param"], param, "{answer}");
        }
    }
}

/// Clones: from a URL, an upload and base64; processing until the clock moves, then complete,
/// private, spoken and used by a video; a forced failure; deletes.
async fn clones(mock: &Mock, client: &Client) {
    let created = client
        .clone_voice_v3()
        .body(body::<types::CloneVoiceV3Request>(json!({
            "voice_name": "My narrator",
            "audio": {"type": "url", "url": "https://example.com/me.mp3"},
            "language": "en",
        })))
        .send()
        .await
        .unwrap();
    let voice_id = created.data.voice_clone_id.clone();
    let processing = client
        .get_voice_v3()
        .voice_id(&voice_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(
        processing.status,
        Some(types::VoiceCloneStatusV3::Processing)
    );
    assert!(processing.preview_audio_url.is_none());
    // Not usable, and not listed, before it is complete.
    let (status, answer) = mock
        .post_json(
            "/v3/voices/speech",
            &json!({"text": "Too early", "voice_id": voice_id}),
        )
        .await;
    assert_eq!(
        (status, code(&answer)),
        (400, "invalid_parameter"),
        "{answer}"
    );
    let private = client
        .list_voices_v3()
        .type_(types::VoiceTypeV3::Private)
        .send()
        .await
        .unwrap();
    assert!(private.data.is_empty());

    mock.advance(600.0).await;
    let done: types::VoiceDetailV3 = wait_for_v3(client, &voice_id, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(done.status, Some(types::VoiceCloneStatusV3::Complete));
    assert_eq!(
        (done.name.as_deref(), done.language.as_deref()),
        (Some("My narrator"), Some("English"))
    );
    assert!(done.created_at.is_some());
    let (content_type, preview) = fetch(mock, done.preview_audio_url.as_deref().unwrap()).await;
    assert_eq!(content_type, "audio/mpeg");
    assert!(!preview.is_empty());

    // Listed as private (and only there), filtered like the library.
    let private = client
        .list_voices_v3()
        .type_(types::VoiceTypeV3::Private)
        .engine("starfish")
        .language("English")
        .send()
        .await
        .unwrap();
    assert_eq!(private.data.len(), 1);
    assert_eq!(private.data[0].voice_id, voice_id);
    assert_eq!(private.data[0].type_, types::VoiceTypeV3::Private);
    let spanish = client
        .list_voices_v3()
        .type_(types::VoiceTypeV3::Private)
        .language("Spanish")
        .send()
        .await
        .unwrap();
    assert!(spanish.data.is_empty());
    let public = client.list_voices_v3().limit(100).send().await.unwrap();
    assert!(public.data.iter().all(|v| v.voice_id != voice_id));

    // The clone speaks, and narrates a v3 video.
    let spoken = client
        .create_speech_v3()
        .body(body::<types::CreateSpeechV3Request>(
            json!({"text": "My own voice, cloned.", "voice_id": voice_id}),
        ))
        .send()
        .await
        .unwrap();
    check_speech(mock, &spoken.data, &["My", "own", "voice,", "cloned."], 1.0).await;
    let video = client
        .create_video_v3()
        .body(body::<types::CreateVideoV3Request>(json!({
            "type": "avatar", "avatar_id": "Angela-inTshirt-20220820",
            "script": "Narrated by my cloned voice.", "voice_id": voice_id,
        })))
        .send()
        .await
        .unwrap();
    assert!(!video.data.video_id.is_empty());

    // From an uploaded audio file, and from base64.
    let dir = std::env::temp_dir().join(format!("heygen-clone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let audio = dir.join("sample.mp3");
    let (_, mp3) = fetch(mock, done.preview_audio_url.as_deref().unwrap()).await;
    std::fs::write(&audio, &mp3).unwrap();
    let uploaded = upload_file(client, &audio, |_, _| {}).await.unwrap();
    let image = dir.join("face.jpg");
    let (_, jpeg) = fetch(mock, &format!("{}/media/preview/image.jpg", mock.url())).await;
    std::fs::write(&image, &jpeg).unwrap();
    let picture = upload_file(client, &image, |_, _| {}).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let from_asset = client
        .clone_voice_v3()
        .body(body::<types::CloneVoiceV3Request>(json!({
            "voice_name": "Uploaded",
            "audio": {"type": "asset_id", "asset_id": uploaded.asset_id},
            "remove_background_noise": false,
        })))
        .send()
        .await
        .unwrap();
    let from_base64 = client
        .clone_voice_v3()
        .body(body::<types::CloneVoiceV3Request>(json!({
            "voice_name": "Inline",
            "audio": {"type": "base64", "media_type": "audio/mpeg", "data": "SUQzBAAAAAAA"},
            "language": "es",
        })))
        .send()
        .await
        .unwrap();

    // A forced failure: failed with a message, and the wait says so.
    let (status, forced) = mock
        .post_json(
            &format!("/_mock/jobs/{}/outcome", from_base64.data.voice_clone_id),
            &json!({"status": "failed", "message": "the sample holds no speech"}),
        )
        .await;
    assert_eq!(status, 200, "{forced}");
    let failed = client
        .get_voice_v3()
        .voice_id(&from_base64.data.voice_clone_id)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.data.status, Some(types::VoiceCloneStatusV3::Failed));
    assert!(
        failed
            .data
            .failure_message
            .as_deref()
            .is_some_and(|m| m.contains("no speech")),
        "{:?}",
        failed.data.failure_message
    );
    let waited = wait_for_v3::<types::VoiceDetailV3>(
        client,
        &from_base64.data.voice_clone_id,
        &quick_wait(),
        |_| {},
    )
    .await;
    assert!(
        matches!(waited, Err(WaitError::Failed { .. })),
        "{waited:?}"
    );
    let (status, answer) = mock
        .post_json(
            "/v3/voices/speech",
            &json!({"text": "Failed", "voice_id": from_base64.data.voice_clone_id}),
        )
        .await;
    assert_eq!(status, 400, "{answer}");

    // Clone errors: not audio, unknown upload, a non-audio upload, a bad URL, a blank name,
    // an unknown language.
    for (request, status, param) in [
        (
            json!({"voice_name": "X", "audio": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}}),
            400,
            "audio.media_type",
        ),
        (
            json!({"voice_name": "X", "audio": {"type": "base64", "media_type": "audio/wav", "data": "***"}}),
            400,
            "audio.data",
        ),
        (
            json!({"voice_name": "X", "audio": {"type": "asset_id", "asset_id": "nope"}}),
            404,
            "audio.asset_id",
        ),
        (
            json!({"voice_name": "X", "audio": {"type": "asset_id", "asset_id": picture.asset_id}}),
            400,
            "audio.asset_id",
        ),
        (
            json!({"voice_name": "X", "audio": {"type": "url", "url": "ftp://example.com/a.mp3"}}),
            400,
            "audio.url",
        ),
        (
            json!({"voice_name": "  ", "audio": {"type": "url", "url": "https://example.com/a.mp3"}}),
            400,
            "voice_name",
        ),
        (
            json!({"voice_name": "X", "language": "tlh", "audio": {"type": "url", "url": "https://example.com/a.mp3"}}),
            400,
            "language",
        ),
    ] {
        let (got, answer) = mock.post_json("/v3/voices/clone", &request).await;
        assert_eq!(got, status, "{request} → {answer}");
        assert_eq!(answer["error"]["param"], param, "{answer}");
    }

    // Deletes: a clone in any state; again is 404 voice_not_found; a library voice is 403.
    for id in [&voice_id, &from_asset.data.voice_clone_id] {
        let deleted = client.delete_voice_v3().voice_id(id).send().await.unwrap();
        assert_eq!(&deleted.data.voice_id, id);
    }
    let (status, answer) = mock.delete_json(&format!("/v3/voices/{voice_id}")).await;
    assert_eq!(
        (status, code(&answer)),
        (404, "voice_not_found"),
        "{answer}"
    );
    let status = error_status(
        client.get_voice_v3().voice_id(&voice_id).send().await,
        "a deleted voice is gone",
    );
    assert_eq!(status, 404);
    let (status, answer) = mock.delete_json(&format!("/v3/voices/{SARA}")).await;
    assert_eq!((status, code(&answer)), (403, "forbidden"), "{answer}");
    let (status, answer) = mock
        .post_json(
            "/v3/voices/speech",
            &json!({"text": "Gone", "voice_id": voice_id}),
        )
        .await;
    assert_eq!(status, 404, "{answer}");
    let private = client
        .list_voices_v3()
        .type_(types::VoiceTypeV3::Private)
        .send()
        .await
        .unwrap();
    assert!(private.data.is_empty());
}

/// Audio sounds (search, type, score floor, pages, real files), brand kits and glossaries.
async fn libraries(mock: &Mock, client: &Client) {
    let found = client
        .list_audio_sounds_v3()
        .query("upbeat lofi hip-hop")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.data[0].name, "Late Night Study");
    assert_eq!(found.data[0].score, 1.0);
    assert_eq!(found.data[0].type_, types::AudioSoundTypeV3::Music);
    assert!(found.data.iter().all(|s| s.score >= 0.7));
    let track = &found.data[0];
    let (content_type, wav) = fetch(mock, &track.audio_url).await;
    assert_eq!(content_type, "audio/wav");
    assert!((wav_seconds(&wav) - track.duration.unwrap()).abs() < 0.001);

    let effects = client
        .list_audio_sounds_v3()
        .query("whoosh for a scene change")
        .type_(types::AudioSoundTypeV3::SoundEffects)
        .send()
        .await
        .unwrap()
        .into_inner();
    let whoosh = &effects.data[0];
    assert_eq!(whoosh.name, "Fast Whoosh");
    assert_eq!(whoosh.placement.as_deref(), Some("hit"));
    assert!(whoosh.peak_offset.unwrap() < whoosh.duration.unwrap());
    // Every track scores at least 0.5, so min_score 0 lists the whole catalogue of a type,
    // ranked; pages of 4 resume by token.
    let all: Vec<types::AudioSoundV3> = paginate(|token| {
        client
            .list_audio_sounds_v3()
            .query("calm")
            .min_score(0.0)
            .limit(4)
            .page_token(token)
            .send()
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all[0].name, "Porch Light");
    assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
    let nothing = client
        .list_audio_sounds_v3()
        .query("bagpipes")
        .send()
        .await
        .unwrap();
    assert!(nothing.data.is_empty());
    for path in [
        "/v3/audio/sounds",
        "/v3/audio/sounds?query=x&min_score=1.5",
        "/v3/audio/sounds?query=x&limit=51",
        "/v3/audio/sounds?query=x&type=podcast",
    ] {
        let (status, answer) = mock.get_json(path).await;
        assert_eq!(
            (status, code(&answer)),
            (400, "invalid_parameter"),
            "{path}"
        );
    }

    let kits: Vec<types::BrandKitV3> = paginate(|token| {
        client
            .list_brand_kits_v3()
            .limit(2)
            .page_token(token)
            .send()
    })
    .try_collect()
    .await
    .unwrap();
    assert_eq!(kits.len(), 3);
    assert!(
        kits.iter()
            .all(|k| k.colors.iter().all(|c| c.starts_with('#')))
    );
    assert!(kits.iter().any(|k| k.logo_url.is_none()));
    let (status, answer) = mock.get_json("/v3/brand-kits?limit=101").await;
    assert_eq!(
        (status, code(&answer)),
        (400, "invalid_parameter"),
        "{answer}"
    );

    let glossaries = client
        .list_brand_glossaries_v3()
        .limit(1)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(glossaries.has_more);
    let rest = client
        .list_brand_glossaries_v3()
        .token(glossaries.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert!(!rest.has_more);
    // The same ids as the legacy brand voices.
    let (_, legacy) = mock.get_json("/v1/brand_voice/list").await;
    let legacy_ids: Vec<&str> = legacy["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    let ids: Vec<&str> = glossaries
        .data
        .iter()
        .chain(&rest.data)
        .map(|g| g.brand_glossary_id.as_str())
        .collect();
    assert_eq!(ids, legacy_ids);
    assert!(glossaries.data[0].created_at <= glossaries.data[0].updated_at);
    let (status, _) = mock.get_json("/v3/brand-glossaries?token=forged").await;
    assert_eq!(status, 400);
}
