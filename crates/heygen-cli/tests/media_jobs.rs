//! `heygen lipsync`, `heygen background-removal`, `heygen clip` and `heygen translate` (HeyGen's v3
//! job families) against an in-process mock whose jobs finish at once.

mod common;

use common::{heygen, instant, json, ok, stdout, temp_dir};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn translations_go_through_a_proofread_edited_in_an_editor() {
    let server = instant().await;
    let dir = temp_dir("translate");
    let file = dir.join("keynote-es.mp4");
    // The "editor" corrects the machine script in place, as a person would in $EDITOR.
    let out = heygen(
        &server,
        &[
            "--json",
            "translate",
            "create",
            "--video",
            "https://example.com/keynote.mp4",
            "--language",
            "Spanish",
            "--title",
            "Keynote",
            "--caption",
            "--proofread",
            "--srt-dir",
            dir.to_str().unwrap(),
            "--editor",
            "sed -i 's/translated speech/discurso corregido/'",
            "--download",
            file.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let done = json(&out);
    assert_eq!(done[0]["status"], "completed", "{done}");
    assert_eq!(done[0]["title"], "Keynote");
    assert_eq!(&std::fs::read(&file).unwrap()[4..8], b"ftyp");
    let captions = heygen_api::download::media_client()
        .unwrap()
        .get(done[0]["srt_caption_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let cues = heygen_api::srt::parse(&captions).unwrap();
    assert!(
        cues.iter().all(|c| c.text.contains("discurso corregido")),
        "the render shows the edited script: {captions}"
    );

    // Without an editor that succeeds, nothing is uploaded and the command fails.
    let out = heygen(
        &server,
        &[
            "translate",
            "create",
            "--video",
            "https://example.com/keynote.mp4",
            "--language",
            "French",
            "--proofread",
            "--srt-dir",
            dir.to_str().unwrap(),
            "--editor",
            "false",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));

    // A corrected file that goes back in time is refused before upload, naming the cue.
    let srt = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "srt"))
        .unwrap();
    let proofread_id = srt.file_stem().unwrap().to_str().unwrap().to_owned();
    let bad = dir.join("bad.srt");
    std::fs::write(
        &bad,
        "1\n00:00:05,000 --> 00:00:06,000\nUno\n\n2\n00:00:01,000 --> 00:00:02,000\nDos\n",
    )
    .unwrap();
    let out = heygen(
        &server,
        &[
            "translate",
            "proofread",
            &proofread_id,
            "--srt",
            bad.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains("cue 2"),
        "{}",
        common::stderr(&out)
    );

    let out = heygen(&server, &["translate", "list", "--limit", "5"]).await;
    ok(&out);
    assert!(stdout(&out).contains("Spanish"));
    let out = heygen(&server, &["--json", "translate", "languages"]).await;
    assert!(json(&out).as_array().unwrap().iter().any(|l| l == "French"));
}
