//! `heygen videos` and `heygen webhooks` (HeyGen's v3 API) against an in-process mock.

mod common;

use std::time::Duration;

use common::{heygen, instant, json, temp_dir};
use heygen_mock::{Config, MockServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_are_created_waited_for_downloaded_listed_and_deleted() {
    let server = instant().await;
    let dir = temp_dir("v3");
    let file = dir.join("v3.mp4");
    let out = heygen(
        &server,
        &[
            "--json",
            "videos",
            "create",
            "--avatar",
            "Angela-inTshirt-20220820",
            "--script",
            "Hello from the v3 command line.",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--title",
            "CLI",
            "--caption",
            "--download",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let video = json(&out);
    assert_eq!(video["status"], "completed");
    assert!(video["subtitle_url"].as_str().is_some());
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "a playable MP4");
    let id = video["id"].as_str().unwrap().to_owned();

    let out = heygen(
        &server,
        &["--json", "videos", "list", "--all", "--title", "CLI"],
    )
    .await;
    let listed = json(&out);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    let out = heygen(&server, &["videos", "get", &id]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("completed"));
    let out = heygen(&server, &["videos", "delete", &id]).await;
    assert!(out.status.success());
    let out = heygen(&server, &["videos", "get", &id]).await;
    assert_eq!(out.status.code(), Some(3), "HeyGen answered with an error");
    let out = heygen(&server, &["videos", "create", "--script", "no avatar"]).await;
    assert_eq!(out.status.code(), Some(2), "a usage error");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_v3_video_exits_4() {
    let server = MockServer::start(Config {
        plan_limit_seconds: 1.0,
        job_duration: Duration::ZERO,
        ..Config::for_tests()
    })
    .await
    .unwrap();
    let out = heygen(
        &server,
        &[
            "videos",
            "create",
            "--avatar",
            "Angela-inTshirt-20220820",
            "--script",
            "A script far longer than the one second the plan allows for any video at all.",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--wait",
        ],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_endpoints_are_managed_through_v3() {
    let server = MockServer::start(Config::for_tests()).await.unwrap();
    let out = heygen(
        &server,
        &[
            "--json",
            "webhooks",
            "endpoints",
            "create",
            "http://127.0.0.1:9/hook",
            "--event",
            "avatar_video.success",
        ],
    )
    .await;
    let endpoint = json(&out);
    let id = endpoint["endpoint_id"].as_str().unwrap().to_owned();
    let secret = endpoint["secret"].as_str().unwrap().to_owned();
    let out = heygen(
        &server,
        &["--json", "webhooks", "endpoints", "rotate-secret", &id],
    )
    .await;
    assert_ne!(json(&out)["secret"], secret.as_str());
    let out = heygen(&server, &["--json", "webhooks", "endpoints", "list"]).await;
    let listed = json(&out);
    assert_eq!(listed[0]["endpoint_id"], id.as_str());
    assert!(listed[0]["secret"].is_null());
    let out = heygen(&server, &["webhooks", "event-types"]).await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("batch.finished"));
    let out = heygen(&server, &["webhooks", "endpoints", "delete", &id]).await;
    assert!(out.status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_upload_with_progress_and_list() {
    let server = MockServer::start(Config::for_tests()).await.unwrap();
    let dir = temp_dir("assets");
    let file = dir.join("face.jpg");
    std::fs::write(&file, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let out = heygen(
        &server,
        &["--json", "assets", "upload", file.to_str().unwrap()],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let uploaded = json(&out);
    assert_eq!(uploaded["mime_type"], "image/jpeg");
    let out = heygen(
        &server,
        &[
            "--json",
            "assets",
            "upload",
            "--direct",
            "--content-type",
            "image/jpeg",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The legacy raw upload goes to the upload host: here the mock itself, by --upload-url.
    let out = heygen(
        &server,
        &[
            "--json",
            "assets",
            "upload",
            "--legacy",
            "--upload-url",
            &server.url(),
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let legacy = json(&out);
    assert_eq!(legacy["file_type"], "image");
    assert_eq!(
        legacy["image_key"],
        format!("image/{}/original", legacy["asset_id"].as_str().unwrap()).as_str()
    );
    let out = heygen(&server, &["--json", "assets", "list"]).await;
    assert_eq!(json(&out).as_array().unwrap().len(), 3);
    let asset_id = uploaded["asset_id"].as_str().unwrap();
    let out = heygen(
        &server,
        &[
            "--json",
            "videos",
            "create",
            "--image-asset",
            asset_id,
            "--script",
            "The uploaded face speaks.",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json(&out)["video_id"].as_str().is_some());
    let missing = dir.join("nope.jpg");
    let out = heygen(&server, &["assets", "upload", missing.to_str().unwrap()]).await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "a file that cannot be read is a usage error"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v3_templates_render_chosen_scenes_with_variables() {
    let server = instant().await;
    let out = heygen(
        &server,
        &[
            "--json",
            "template",
            "generate",
            "abcdef123456",
            "--v3",
            "--var",
            "company_name=Acme",
            "--scene",
            "abcdef123456-s1",
            "--caption",
            "--wait",
        ],
    )
    .await;
    let video = json(&out);
    assert!(out.status.success(), "{video}");
    assert_eq!(video["status"], "completed");
    assert!(video["subtitle_url"].is_string(), "{video}");
    let out = heygen(
        &server,
        &[
            "template",
            "generate",
            "abcdef123456",
            "--v3",
            "--scene",
            "nope",
        ],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "HeyGen's 400 for an unknown scene"
    );
    let out = heygen(
        &server,
        &["template", "generate", "abcdef123456", "--scene", "s1"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "--scene needs --v3");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_avatar_from_a_local_file_is_trained_renamed_used_and_deleted() {
    let server = instant().await;
    let dir = temp_dir("avatars");
    let photo = dir.join("me.jpg");
    std::fs::write(&photo, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let out = heygen(
        &server,
        &[
            "--json",
            "avatars",
            "create",
            "--name",
            "Me",
            "--photo",
            photo.to_str().unwrap(),
            "--wait",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let look = json(&out);
    assert_eq!(look["status"], "completed");
    assert_eq!(look["avatar_type"], "photo_avatar");
    let id = look["id"].as_str().unwrap().to_owned();
    let group = look["group_id"].as_str().unwrap().to_owned();

    let out = heygen(
        &server,
        &["--json", "avatars", "looks", "--ownership", "private"],
    )
    .await;
    let looks = json(&out);
    assert_eq!(looks[0]["id"], id.as_str());
    let out = heygen(
        &server,
        &[
            "--json",
            "avatars",
            "groups",
            "--ownership",
            "public",
            "--all",
        ],
    )
    .await;
    assert!(
        json(&out)
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "Angela")
    );
    let out = heygen(
        &server,
        &["--json", "avatars", "rename", &id, "--name", "Me, smiling"],
    )
    .await;
    assert_eq!(json(&out)["name"], "Me, smiling");
    let out = heygen(&server, &["--json", "avatars", "get", "--group", &group]).await;
    assert_eq!(json(&out)["looks_count"], 1);

    let out = heygen(
        &server,
        &[
            "--json",
            "videos",
            "create",
            "--avatar",
            &id,
            "--script",
            "Made from my photo.",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--wait",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["status"], "completed");

    let out = heygen(&server, &["avatars", "delete", &id]).await;
    assert!(out.status.success());
    let out = heygen(&server, &["avatars", "get", "--group", &group]).await;
    assert_eq!(out.status.code(), Some(3), "the last look took its group");
    let out = heygen(&server, &["avatars", "create", "--name", "Nobody"]).await;
    assert_eq!(out.status.code(), Some(2), "a usage error: no source");
    std::fs::remove_dir_all(&dir).ok();
}
