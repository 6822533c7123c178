//! `heygen voices` (v3: list, get, design, clone, delete, speech), `heygen sounds` and
//! `heygen brand` against an in-process mock whose jobs finish at once.

mod common;

use common::{heygen, instant, json, ok, stdout, temp_dir};

const SARA: &str = "1bd001e7e50f421d891986aad5158bc8";

/// A PCM WAV's length in seconds, from its header.
fn wav_seconds(bytes: &[u8]) -> f64 {
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    f64::from(u32_at(40)) / f64::from(u32_at(28))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voices_are_listed_designed_spoken_cloned_and_deleted() {
    let server = instant().await;
    let dir = temp_dir("voices");

    let out = heygen(
        &server,
        &[
            "--json",
            "voices",
            "list",
            "--engine",
            "starfish",
            "--language",
            "english",
            "--gender",
            "female",
        ],
    )
    .await;
    ok(&out);
    let voices = json(&out);
    let voices = voices.as_array().unwrap();
    assert!(voices.iter().any(|v| v["voice_id"] == SARA));
    assert!(
        voices
            .iter()
            .all(|v| v["language"] == "English" && v["gender"] == "female")
    );
    let out = heygen(&server, &["voices", "list", "--all"]).await;
    ok(&out);
    assert!(stdout(&out).starts_with("VOICE ID"), "{}", stdout(&out));

    let out = heygen(
        &server,
        &["--json", "voices", "design", "calm male German narrator"],
    )
    .await;
    ok(&out);
    assert_eq!(json(&out)[0]["name"], "Felix");

    // Speech into a file: a WAV as long as the answer says.
    let file = dir.join("hello.wav");
    let out = heygen(
        &server,
        &[
            "--json",
            "voices",
            "speech",
            "Hello there from the command line.",
            "--voice",
            SARA,
            "--speed",
            "1.5",
            "--output",
            file.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let answer = json(&out);
    let duration = answer["duration"].as_f64().unwrap();
    assert!((duration - 6.0 / (2.5 * 1.5)).abs() < 0.001, "{answer}");
    assert_eq!(answer["word_timestamps"].as_array().unwrap().len(), 6);
    let wav = std::fs::read(&file).unwrap();
    assert!((wav_seconds(&wav) - duration).abs() < 0.001);

    // A clone from a local recording, waited for, then spoken with and deleted.
    let sample = dir.join("me.mp3");
    std::fs::write(&sample, heygen_mock::core::media::VOICE_MP3).unwrap();
    let out = heygen(
        &server,
        &[
            "--json",
            "voices",
            "clone",
            "--name",
            "Me",
            "--file",
            sample.to_str().unwrap(),
            "--language",
            "en",
            "--wait",
        ],
    )
    .await;
    ok(&out);
    let clone = json(&out);
    assert_eq!(clone["status"], "complete", "{clone}");
    let id = clone["voice_id"].as_str().unwrap().to_owned();
    let out = heygen(&server, &["--json", "voices", "list", "--type", "private"]).await;
    ok(&out);
    assert_eq!(json(&out)[0]["voice_id"], id.as_str());
    let out = heygen(&server, &["voices", "get", &id]).await;
    ok(&out);
    assert!(stdout(&out).contains("complete"), "{}", stdout(&out));
    let cloned = dir.join("cloned.wav");
    let out = heygen(
        &server,
        &[
            "voices",
            "speech",
            "Cloned.",
            "--voice",
            &id,
            "-o",
            cloned.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    assert!(wav_seconds(&std::fs::read(&cloned).unwrap()) >= 1.0);
    let out = heygen(&server, &["--json", "voices", "delete", &id]).await;
    ok(&out);
    assert_eq!(json(&out)["voice_id"], id.as_str());
    // Again: HeyGen's 404, and a library voice cannot be deleted.
    let out = heygen(&server, &["--json", "voices", "delete", &id]).await;
    assert!(!out.status.success());
    assert_eq!(json(&out)["code"], "voice_not_found");
    let out = heygen(&server, &["--json", "voices", "delete", SARA]).await;
    assert_eq!(json(&out)["status"], 403);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sounds_and_brand_libraries_are_listed() {
    let server = instant().await;
    let out = heygen(
        &server,
        &[
            "--json",
            "sounds",
            "search",
            "whoosh for a scene change",
            "--type",
            "sound-effects",
        ],
    )
    .await;
    ok(&out);
    assert_eq!(json(&out)[0]["name"], "Fast Whoosh");
    let out = heygen(
        &server,
        &["sounds", "search", "calm", "--min-score", "0", "--all"],
    )
    .await;
    ok(&out);
    assert_eq!(stdout(&out).lines().count(), 7, "a header and six tracks");
    let out = heygen(&server, &["--json", "brand", "kits"]).await;
    ok(&out);
    assert_eq!(json(&out).as_array().unwrap().len(), 3);
    let out = heygen(&server, &["brand", "glossaries"]).await;
    ok(&out);
    assert!(
        stdout(&out).contains("bv_2f6c1a9e0d3b4c58"),
        "{}",
        stdout(&out)
    );
}
