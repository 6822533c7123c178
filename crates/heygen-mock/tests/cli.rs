//! The binary's command-line contract: first stdout line, options from the environment,
//! graceful shutdown on SIGTERM, clear errors for bad options.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

const BIN: &str = env!("CARGO_BIN_EXE_heygen-mock");

struct Running {
    child: Child,
    url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Running { child, url }
}

#[tokio::test]
async fn prints_its_address_serves_and_stops_on_sigterm() {
    let mut running = start(
        &["--api-key", "k1", "--api-key", "k2"],
        &[("HEYGEN_MOCK_JOB_DURATION", "0s")],
    );
    assert!(
        running.url.starts_with("http://127.0.0.1:"),
        "{}",
        running.url
    );
    assert!(!running.url.ends_with(":0"));
    let http = reqwest::Client::new();
    let avatars = http
        .get(format!("{}/v2/avatars", running.url))
        .header("X-Api-Key", "k2")
        .send()
        .await
        .unwrap();
    assert_eq!(avatars.status(), 200);
    let wrong = http
        .get(format!("{}/v2/avatars", running.url))
        .header("X-Api-Key", "k3")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    // HEYGEN_MOCK_JOB_DURATION=0s: a video is done at its first status read.
    let created: serde_json::Value = http
        .post(format!("{}/v2/video/generate", running.url))
        .header("X-Api-Key", "k1")
        .json(&serde_json::json!({"video_inputs": [{"voice": {"type": "silence"}}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["data"]["video_id"].as_str().unwrap();
    let status: serde_json::Value = http
        .get(format!("{}/v1/video_status.get?video_id={id}", running.url))
        .header("X-Api-Key", "k1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["data"]["status"], "completed");

    let killed = Command::new("kill")
        .args(["-TERM", &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = running.child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

#[test]
fn bad_options_exit_with_a_message() {
    let out = Command::new(BIN)
        .args(["--error-rate", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--error-rate"));
    let out = Command::new(BIN)
        .args(["--rate-limit", "ten"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("N/DURATION"));
    let out = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--fixtures",
            "/nonexistent/fixtures.json",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixtures"));
}

#[tokio::test]
async fn serves_a_fixtures_file() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/fixtures.example.json"
    );
    let running = start(&["--fixtures", example], &[]);
    let avatars: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v2/avatars", running.url))
        .header("X-Api-Key", "k")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = avatars["data"]["avatars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["avatar_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["Ada-inlabcoat-20240101"]);
}

#[test]
fn prints_the_fixtures_schema() {
    let out = Command::new(BIN)
        .arg("--print-fixtures-schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Catalogue");
    assert!(schema["properties"]["voices"].is_object());
}
