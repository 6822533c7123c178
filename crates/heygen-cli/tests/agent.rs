//! `heygen agent` (HeyGen's v3 Video Agent) against an in-process mock whose jobs finish at
//! once: a prompt to a downloaded video, a chat session answered and revised, and the reads.

mod common;

use common::{heygen, instant, json, ok, stderr, stdout, temp_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_becomes_a_downloaded_video_and_a_chat_takes_answers() {
    let server = instant().await;
    let dir = temp_dir("agent");
    let picture = dir.join("product.png");
    std::fs::write(
        &picture,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
    )
    .unwrap();
    let video = dir.join("teaser.mp4");

    // Generate mode: the local file is uploaded, the session followed, the video saved.
    let out = heygen(
        &server,
        &[
            "--json",
            "agent",
            "create",
            "A 20-second teaser for our new headphones",
            "--style",
            "style_cinematic_noir",
            "--file",
            picture.to_str().unwrap(),
            "--download",
            video.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    let session = json(&out);
    assert_eq!(session["status"], "completed");
    assert_eq!(session["progress"], 100);
    let bytes = std::fs::read(&video).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "a real MP4");
    let attached = session["messages"].as_array().unwrap().last().unwrap()["resource_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let id = session["session_id"].as_str().unwrap().to_owned();
    let out = heygen(&server, &["agent", "resource", &id, &attached]).await;
    ok(&out);
    assert!(stdout(&out).contains("user_uploaded"), "{}", stdout(&out));
    assert!(stdout(&out).contains("image"), "{}", stdout(&out));

    // Chat mode: --wait stops at the agent's question; an answer renders; a revision too.
    let out = heygen(
        &server,
        &[
            "agent",
            "create",
            "Explain our refund policy",
            "--chat",
            "--wait",
        ],
    )
    .await;
    ok(&out);
    let shown = stdout(&out);
    assert!(shown.contains("waiting_for_input"), "{shown}");
    assert!(shown.contains("Shall I go ahead"), "{shown}");
    let out = heygen(&server, &["--json", "agent", "list", "--limit", "1"]).await;
    ok(&out);
    let chat = json(&out)[0]["session_id"].as_str().unwrap().to_owned();
    let answered = dir.join("refunds.mp4");
    let out = heygen(
        &server,
        &[
            "agent",
            "send",
            &chat,
            "Go ahead, 15 seconds",
            "--download",
            answered.to_str().unwrap(),
        ],
    )
    .await;
    ok(&out);
    assert!(answered.exists());
    let out = heygen(&server, &["agent", "send", &chat, "Warmer, please"]).await;
    ok(&out);
    let out = heygen(&server, &["--json", "agent", "videos", &chat]).await;
    ok(&out);
    let videos = json(&out);
    assert_eq!(videos.as_array().unwrap().len(), 2);
    assert_eq!(videos[1]["duration"], 15.0);

    // A generate session takes no messages: HeyGen's error, exit code 3.
    let out = heygen(&server, &["agent", "send", &id, "More"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("mode chat"), "{}", stderr(&out));

    let out = heygen(&server, &["agent", "styles", "--tag", "handmade"]).await;
    ok(&out);
    assert!(
        stdout(&out).contains("style_paper_cutout"),
        "{}",
        stdout(&out)
    );
    let out = heygen(&server, &["agent", "stop", &chat]).await;
    ok(&out);
    let out = heygen(&server, &["agent", "get", &chat]).await;
    ok(&out);
    assert!(stdout(&out).contains("Warmer, please"), "{}", stdout(&out));
}
