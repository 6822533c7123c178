//! What the CLI's test files share: running the `heygen` binary against a mock.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::{process::Output, time::Duration};

use heygen_mock::{Config, MockServer};
use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_heygen");

/// Runs the binary with `HEYGEN_BASE_URL` set to `base_url`, off the async runtime (the mock
/// lives on it).
pub async fn heygen_at(base_url: String, args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(BIN)
            .args(&args)
            .env("HEYGEN_BASE_URL", base_url)
            .env("HEYGEN_API_KEY", "cli-test")
            .output()
            .expect("binary runs")
    })
    .await
    .expect("joined")
}

/// Runs the binary against `server`.
pub async fn heygen(server: &MockServer, args: &[&str]) -> Output {
    heygen_at(server.url(), args).await
}

/// Its stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Its stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Its stdout as JSON, failing the test with both streams if it is not.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

/// A mock whose jobs finish at once (and whose clock is frozen otherwise).
pub async fn instant() -> MockServer {
    MockServer::start(Config {
        job_duration: Duration::ZERO,
        ..Config::for_tests()
    })
    .await
    .expect("mock starts")
}

/// A fresh directory for one test's files.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("heygen-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Fails the test with both streams unless the command succeeded.
pub fn ok(out: &Output) {
    assert!(out.status.success(), "{}{}", stdout(out), stderr(out));
}
