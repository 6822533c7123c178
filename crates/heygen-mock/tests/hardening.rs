//! The binary under clients that misbehave (issue #15): stalled and trickling requests, signals
//! during shutdown, absurd options, and what its debug log shows of webhook URLs.
//!
//! Real time is unavoidable here (read timeouts and shutdown are real-time by nature), so every
//! wait is bounded and waits for an event (an exit, a line, a closed socket); none sleeps and
//! hopes.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, ChildStderr, Command, ExitStatus, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_heygen-mock");
/// Upper bound for anything that should happen within a few seconds.
const BOUND: Duration = Duration::from_secs(20);

struct Running {
    child: Child,
    addr: String,
    /// stderr lines, read on a thread.
    log: mpsc::Receiver<String>,
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
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let log = read_lines(child.stderr.take().expect("stderr piped"));
    Running { child, addr, log }
}

fn read_lines(stderr: ChildStderr) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

impl Running {
    fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    /// The exit status, if the process ends within `bound`.
    fn exit_within(&mut self, bound: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + bound;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait works") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The first stderr line containing `needle`, if one comes within `bound`.
    fn log_line(&self, needle: &str, bound: Duration) -> Option<String> {
        let deadline = Instant::now() + bound;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return Some(line),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(BOUND)).expect("timeout set");
        stream
    }

    /// A request whose headers went out and whose handler is reading the body, proven by
    /// hyper's `100 Continue` (sent when the handler first asks for the body); the body then
    /// never comes.
    fn stalled_request(&self) -> TcpStream {
        let mut stream = self.connect();
        stream
            .write_all(
                b"POST /v2/video/generate HTTP/1.1\r\nHost: mock\r\nX-Api-Key: k\r\n\
                  Content-Type: application/json\r\nContent-Length: 100\r\n\
                  Expect: 100-continue\r\n\r\n",
            )
            .expect("headers sent");
        let mut answer = [0u8; 25];
        stream
            .read_exact(&mut answer)
            .expect("100 Continue within the bound");
        assert!(
            answer.starts_with(b"HTTP/1.1 100 Continue"),
            "{}",
            String::from_utf8_lossy(&answer)
        );
        stream
            .write_all(b"{\"video_inputs\":")
            .expect("a little body");
        stream
    }
}

/// Everything the server sends until it closes the connection (or the bound passes).
fn read_to_close(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[test]
fn sigterm_is_not_held_up_by_a_stalled_request() {
    let mut mock = start(&["--shutdown-timeout", "1s", "--read-timeout", "1h"], &[]);
    let _stalled = mock.stalled_request();
    mock.signal("TERM");
    let exit = mock
        .exit_within(BOUND)
        .expect("shutdown ends once the shutdown timeout has passed");
    assert!(exit.success(), "a bounded shutdown still exits 0: {exit:?}");
}

#[test]
fn a_second_signal_exits_at_once() {
    let mut mock = start(&["--shutdown-timeout", "1h", "--read-timeout", "1h"], &[]);
    let _stalled = mock.stalled_request();
    mock.signal("TERM");
    assert!(
        mock.log_line("shutting down", BOUND).is_some(),
        "the first signal starts the shutdown"
    );
    assert!(
        mock.exit_within(Duration::from_millis(300)).is_none(),
        "the graceful shutdown waits for the stalled request"
    );
    mock.signal("INT");
    let exit = mock
        .exit_within(BOUND)
        .expect("the second signal does not wait for the hour-long shutdown timeout");
    assert!(
        !exit.success(),
        "a forced exit is not a clean one: {exit:?}"
    );
}

#[test]
fn slow_headers_are_cut_off() {
    let mock = start(&["--read-timeout", "1s"], &[]);
    let mut stream = mock.connect();
    stream
        .write_all(b"GET /v2/avatars HTTP/1.1\r\nHost: mock\r\nX-Api-Key: k\r\n")
        .expect("half the headers sent");
    let started = Instant::now();
    let answer = read_to_close(&mut stream).expect("the server closes before the bound");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert!(started.elapsed() < BOUND);
}

#[test]
fn a_trickled_body_is_answered_408_after_the_read_timeout() {
    let mock = start(&["--read-timeout", "1s"], &[]);
    let mut stream = mock.stalled_request();
    let answer = read_to_close(&mut stream).expect("an answer before the bound");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a full answer");
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did not arrive")),
        "{body}"
    );
}

#[test]
fn an_absurd_job_duration_is_refused_at_startup() {
    let mut child = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--job-duration",
            "300000000000years",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let log = read_lines(child.stderr.take().expect("stderr piped"));
    let mut running = Running {
        child,
        addr: String::new(),
        log,
    };
    let exit = running
        .exit_within(BOUND)
        .expect("exits instead of serving requests that would panic");
    assert_eq!(exit.code(), Some(2));
    assert!(running.log_line("--job-duration", BOUND).is_some());
}

#[tokio::test]
async fn debug_logs_show_webhook_urls_without_credentials_or_query() {
    let mock = start(&[], &[("RUST_LOG", "heygen_mock=debug")]);
    // A port with nothing listening: the attempt fails fast and is logged.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let callback = format!("http://hook-user:hunter2@127.0.0.1:{port}/hook?token=tok-123");
    let triggered = reqwest::Client::new()
        .post(format!("http://{}/_mock/webhooks/trigger", mock.addr))
        .json(&serde_json::json!({
            "event_type": "avatar_video.success",
            "event_data": {"video_id": "v"},
            "callback_url": callback,
        }))
        .send()
        .await
        .expect("trigger sent");
    assert_eq!(triggered.status(), 200);
    let line = mock
        .log_line("webhook attempt", BOUND)
        .expect("the attempt is logged at debug level");
    assert!(
        !line.contains("hunter2") && !line.contains("tok-123") && !line.contains("hook-user"),
        "{line}"
    );
    assert!(line.contains(&format!("127.0.0.1:{port}/hook")), "{line}");
}
