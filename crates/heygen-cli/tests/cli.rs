//! `heygen` against an in-process mock: output, files and exit codes as scripts see them.

mod common;

use std::time::Duration;

use common::{BIN, heygen, heygen_at, stderr, stdout};
use heygen_mock::{Config, MockServer};

async fn mock(config: Config) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

fn instant() -> Config {
    Config {
        job_duration: Duration::ZERO,
        webhook_validate_urls: false,
        ..Config::for_tests()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_as_tables_and_json() {
    let server = mock(instant()).await;
    let out = heygen(&server, &["avatars", "list"]).await;
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("AVATAR ID"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Angela-inTshirt-20220820"));
    let out = heygen(
        &server,
        &["--json", "voices", "list", "--language", "english"],
    )
    .await;
    let voices: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        voices
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["language"] == "English")
    );
    let out = heygen(&server, &["templates", "show", "abcdef123456"]).await;
    assert!(
        stdout(&out).contains("product_image  image"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_waits_and_downloads_a_playable_file() {
    let server = mock(instant()).await;
    let dir = std::env::temp_dir().join(format!("heygen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("out.mp4");
    let out = heygen(
        &server,
        &[
            "video",
            "create",
            "--avatar",
            "Angela-inTshirt-20220820",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--text",
            "Hello from the command line.",
            "--background",
            "#87CEEB",
            "--wait",
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
    assert!(stdout(&out).contains("completed"));
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");

    let out = heygen(
        &server,
        &[
            "--json",
            "template",
            "generate",
            "abcdef123456",
            "--var",
            "company_name=Acme",
            "--image",
            "product_image=https://example.com/p.jpg",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = created["video_id"].as_str().unwrap();
    let out = heygen(
        &server,
        &[
            "video",
            "download",
            id,
            dir.join("thumb.jpg").to_str().unwrap(),
            "--media",
            "thumbnail",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        &std::fs::read(dir.join("thumb.jpg")).unwrap()[..2],
        &[0xFF, 0xD8]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_tell_scripts_what_went_wrong() {
    let server = mock(Config {
        plan_limit_seconds: 1.0,
        ..instant()
    })
    .await;
    let out = heygen(&server, &["templates", "show", "nope"]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("40004"));

    let out = heygen(
        &server,
        &[
            "video",
            "create",
            "--avatar",
            "Angela-inTshirt-20220820",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--text",
            "one two three four five six",
            "--wait",
        ],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(4),
        "a job over the plan limit fails"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("40119"));

    let out = heygen(
        &server,
        &[
            "video",
            "create",
            "--avatar",
            "a",
            "--voice",
            "v",
            "--text",
            "t",
            "--background",
            "blue",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));

    let no_key = tokio::task::spawn_blocking(|| {
        std::process::Command::new(BIN)
            .args(["avatars", "list"])
            .env_remove("HEYGEN_API_KEY")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(no_key.status.code(), Some(2));

    let unreachable = tokio::task::spawn_blocking(|| {
        std::process::Command::new(BIN)
            .args([
                "--base-url",
                "http://127.0.0.1:9",
                "--api-key",
                "k",
                "--retries",
                "0",
                "avatars",
                "list",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(unreachable.status.code(), Some(6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manages_webhook_endpoints_and_translations() {
    let server = mock(instant()).await;
    let out = heygen(
        &server,
        &[
            "--json",
            "webhook",
            "add",
            "https://example.com/hook",
            "--event",
            "avatar_video.success",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let endpoint: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = endpoint["endpoint_id"].as_str().unwrap();
    assert!(endpoint["secret"].as_str().is_some());
    let out = heygen(
        &server,
        &["webhook", "update", id, "--event", "avatar_video.fail"],
    )
    .await;
    assert!(stdout(&out).contains("avatar_video.fail"));
    let out = heygen(&server, &["webhook", "list"]).await;
    assert!(stdout(&out).contains(id));
    let out = heygen(&server, &["webhook", "delete", id]).await;
    assert!(out.status.success());
    let out = heygen(
        &server,
        &[
            "webhook",
            "add",
            "https://example.com/hook",
            "--event",
            "nope",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));

    let out = heygen(
        &server,
        &[
            "translate",
            "create",
            "--video-url",
            "https://example.com/v.mp4",
            "--language",
            "Spanish",
            "--wait",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("completed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn base_urls_with_a_slash_work_and_with_an_api_version_are_refused() {
    let server = mock(instant()).await;
    let out = heygen_at(format!("{}/", server.url()), &["avatars", "list"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Angela-inTshirt-20220820"));

    let out = heygen_at(format!("{}/v2", server.url()), &["avatars", "list"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("use --base-url {}", server.url())),
        "{}",
        stderr(&out)
    );
    let out = heygen_at(
        format!("{}/v2/", server.url()),
        &["--json", "avatars", "list"],
    )
    .await;
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["exit_code"], 2);
    assert!(
        error["message"].as_str().unwrap().contains("/v2"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_show_status_code_message_and_url() {
    let server = mock(instant()).await;
    // A documented error: HeyGen's envelope.
    let out = heygen(&server, &["--json", "templates", "show", "nope"]).await;
    assert_eq!(out.status.code(), Some(3));
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["code"], 40004, "{error}");
    assert_eq!(error["status"], 404, "{error}");
    assert_eq!(error["exit_code"], 3, "{error}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(
        !error["message"].as_str().unwrap().contains("40004"),
        "the code is a field of its own: {error}"
    );
    assert_eq!(error["url"], server.url(), "{error}");
    let line = stderr(&out);
    assert!(
        line.contains("HeyGen error 40004") && line.contains("HTTP 404"),
        "{line}"
    );

    // v3 paths: HeyGen's string code.
    let out = heygen(&server, &["--json", "videos", "get", "nope"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["code"], "not_found", "{error}");
    assert_eq!(error["status"], 404, "{error}");

    // An answer the spec does not declare (a path in front of the API): the body is read
    // for HeyGen's code and message, and the URL shows where the request went.
    let prefixed = format!("{}/proxy", server.url());
    let out = heygen_at(prefixed.clone(), &["avatars", "list"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let line = stderr(&out);
    assert!(line.contains("HTTP 404"), "{line}");
    assert!(
        line.contains(&format!("{prefixed}/v2/avatars")),
        "names the URL: {line}"
    );
    assert!(
        !line.contains("Response {"),
        "no debug dump of the response: {line}"
    );
    let out = heygen_at(prefixed, &["--json", "avatars", "list"]).await;
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["status"], 404, "{error}");
    assert!(
        !error["code"].is_null(),
        "the mock's envelope code: {error}"
    );

    // Unreachable: the URL and the operating system's reason.
    let out = tokio::task::spawn_blocking(|| {
        std::process::Command::new(BIN)
            .args(["--base-url", "http://127.0.0.1:9", "--api-key", "k"])
            .args(["--retries", "0", "--json", "avatars", "list"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(
        stderr(&out).contains("http://127.0.0.1:9/"),
        "{}",
        stderr(&out)
    );
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["exit_code"], 6);
    assert_eq!(error["status"], serde_json::Value::Null);

    // clap's own usage errors keep exit 2 and, under --json, the same shape.
    let out = heygen(&server, &["--json", "video", "create"]).await;
    assert_eq!(out.status.code(), Some(2));
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["exit_code"], 2, "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_on_a_failed_job_exits_4() {
    let server = mock(Config {
        plan_limit_seconds: 1.0,
        ..instant()
    })
    .await;
    let out = heygen(
        &server,
        &[
            "--json",
            "video",
            "create",
            "--avatar",
            "Angela-inTshirt-20220820",
            "--voice",
            "1bd001e7e50f421d891986aad5158bc8",
            "--text",
            "one two three four five six",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = created["video_id"].as_str().unwrap().to_owned();
    let file = std::env::temp_dir().join(format!("heygen-cli-failed-{}.mp4", std::process::id()));
    let file = file.to_str().unwrap().to_owned();

    let out = heygen(&server, &["video", "download", &id, &file]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("40119"), "{}", stderr(&out));
    assert!(!std::path::Path::new(&file).exists());

    let out = heygen(&server, &["--json", "video", "download", &id, &file]).await;
    assert_eq!(out.status.code(), Some(4));
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["code"], 40119, "{error}");
    assert_eq!(error["exit_code"], 4, "{error}");

    // `video create --wait` is in exit_codes_tell_scripts_what_went_wrong.
    let out = heygen(&server, &["video", "wait", &id]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}
