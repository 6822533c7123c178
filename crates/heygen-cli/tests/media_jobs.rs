//! `heygen lipsync`, `heygen background-removal` and `heygen clip` (HeyGen's v3 job families)
//! against an in-process mock whose jobs finish at once.

mod common;

use std::time::Duration;

use common::{heygen, json, stdout};
use heygen_mock::{Config, MockServer};

async fn instant() -> MockServer {
    MockServer::start(Config {
        job_duration: Duration::ZERO,
        ..Config::for_tests()
    })
    .await
    .unwrap()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("heygen-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}{}",
        stdout(out),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lipsyncs_are_created_waited_for_downloaded_listed_and_deleted() {
    let server = instant().await;
    let dir = temp_dir("lipsync");
    let file = dir.join("dubbed.mp4");
    let out = heygen(
        &server,
        &[
            "--json",
            "lipsync",
            "create",
            "--video",
            "https://example.com/speaker.mp4",
            "--audio",
            "https://example.com/voice.mp3",
            "--title",
            "Dubbed",
            "--caption",
            "--mode",
            "precision",
            "--download",
            file.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let lipsync = json(&out);
    assert_eq!(lipsync["status"], "completed");
    assert!(lipsync["caption_url"].as_str().is_some());
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "a playable MP4");
    let id = lipsync["id"].as_str().unwrap().to_owned();

    let out = heygen(&server, &["--json", "lipsync", "list", "--all"]).await;
    assert_eq!(json(&out)[0]["id"], id.as_str());
    let out = heygen(&server, &["lipsync", "get", &id]).await;
    assert!(stdout(&out).contains("Dubbed"));
    let out = heygen(
        &server,
        &[
            "--json",
            "lipsync",
            "rename",
            &id,
            "--title",
            "Dubbed, final",
        ],
    )
    .await;
    assert_eq!(json(&out)["title"], "Dubbed, final");
    ok(&heygen(&server, &["lipsync", "delete", &id]).await);
    let out = heygen(&server, &["lipsync", "get", &id]).await;
    assert_eq!(out.status.code(), Some(3), "HeyGen answered 404");
    let out = heygen(
        &server,
        &["lipsync", "create", "--audio", "https://x/a.mp3"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "a usage error: no video");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_removals_download_every_layer() {
    let server = instant().await;
    let dir = temp_dir("background-removal");
    let out = heygen(
        &server,
        &[
            "--json",
            "background-removal",
            "create",
            "--video",
            "https://example.com/presenter.mp4",
            "--layer",
            "foreground",
            "--layer",
            "mask",
            "--request-id",
            "cli-1",
            "--download",
            dir.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let job = json(&out);
    assert_eq!(job["status"], "completed");
    let webm = std::fs::read(dir.join("foreground.webm")).unwrap();
    assert_eq!(&webm[..4], &[0x1A, 0x45, 0xDF, 0xA3], "a WebM");
    let mask = std::fs::read(dir.join("mask.mp4")).unwrap();
    assert_eq!(&mask[4..8], b"ftyp");
    assert!(
        !dir.join("background.mp4").exists(),
        "only what was asked for"
    );
    let id = job["id"].as_str().unwrap().to_owned();

    let out = heygen(&server, &["background-removal", "list"]).await;
    assert!(stdout(&out).contains("foreground,mask"), "{}", stdout(&out));
    let out = heygen(&server, &["background-removal", "get", &id]).await;
    assert!(stdout(&out).contains("completed"));
    let out = heygen(&server, &["--json", "background-removal", "delete", &id]).await;
    assert_eq!(json(&out)["deleted"], true);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clips_are_cut_downloaded_listed_and_deleted() {
    let server = instant().await;
    let dir = temp_dir("clip");
    let out = heygen(
        &server,
        &[
            "--json",
            "clip",
            "create",
            "--video",
            "https://example.com/podcast.mp4",
            "--duration",
            "30",
            "--duration",
            "60",
            "--aspect-ratio",
            "square",
            "--title",
            "Episode",
            "--download",
            dir.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let job = json(&out);
    assert_eq!(job["status"], "completed");
    let clips = job["clips"].as_array().unwrap();
    assert_eq!(clips.len(), 2);
    for clip in clips {
        assert_eq!(clip["aspect_ratio"], "square");
        let file = dir.join(format!("{}.mp4", clip["id"].as_str().unwrap()));
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(&bytes[4..8], b"ftyp");
    }
    let id = job["id"].as_str().unwrap().to_owned();
    let out = heygen(&server, &["clip", "get", &id]).await;
    assert!(
        stdout(&out).contains("Highlight 1 (30 s)"),
        "{}",
        stdout(&out)
    );
    let out = heygen(&server, &["--json", "clip", "list", "--all"]).await;
    assert_eq!(json(&out)[0]["clips"].as_array().unwrap().len(), 2);
    ok(&heygen(&server, &["clip", "delete", &id]).await);
    let out = heygen(
        &server,
        &["clip", "create", "--video", "x", "--duration", "45"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "45 is not a duration type");
    std::fs::remove_dir_all(&dir).ok();
}
