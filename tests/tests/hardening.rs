//! Faults found by probing the mock (issue #15), each pinned by a test: leaks, the control
//! surface with keys set, OAuth strictness, hyper's own rejections, races and time arithmetic,
//! echoed values, unread request bodies, spec/mock agreement and webhook head-of-line blocking.
//! (Stalled clients, signals and logs are tested on the binary: `crates/heygen-mock/tests/`.)
//!
//! Waits are bounded and wait for an event; the two that prove an absence say so.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{Json, Router, extract::State, http::StatusCode, routing::post};
use heygen_mock::{Config, MockError, MockServer, RateLimit, core::webhooks::Activity};
use heygen_spec::Spec;
use heygen_tests::{API_KEY, Mock, tutorial_video_request};
use serde_json::{Value, json};

/// Upper bound for anything that should happen within a few seconds.
const BOUND: Duration = Duration::from_secs(20);

/// Polls `check` every 10 ms until it holds or `BOUND` passes; whether it held.
async fn eventually(mut check: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + BOUND;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

/// A raw HTTP/1.1 exchange: writes `request`, reads until the server closes; status, head and
/// body. Runs on a blocking thread.
async fn raw(addr: SocketAddr, request: Vec<u8>) -> (u16, String, String) {
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connects");
        stream.set_read_timeout(Some(BOUND)).expect("timeout set");
        stream.write_all(&request).expect("request written");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("answer read");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_owned(), body.to_owned())
    })
    .await
    .expect("raw exchange")
}

fn v1_error(body: &str) -> Value {
    let body: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    assert_eq!(body["code"], 40011, "{body}");
    assert!(body["data"].is_null(), "{body}");
    assert!(body["message"].is_string(), "{body}");
    body
}

// ---- 1. stalled bodies (in process; the binary tests cover headers and signals) ----

#[tokio::test]
async fn a_body_that_never_arrives_is_answered_408() {
    let server = MockServer::start(Config {
        read_timeout: Duration::from_secs(1),
        ..Config::for_tests()
    })
    .await
    .unwrap();
    let request = b"POST /v2/video/generate HTTP/1.1\r\nHost: m\r\nX-Api-Key: k\r\n\
        Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"video"
        .to_vec();
    let (status, head, body) = raw(server.addr(), request).await;
    assert_eq!(status, 408, "{head}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did not arrive within 1s"),
        "{body}"
    );
}

// ---- 2. one delivery worker per callback URL, forever ----

/// A webhook receiver: records every event's `video_id`, refuses those named `refuse`.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(String, bool)>>>,
}

impl Receiver {
    async fn start(&self) -> String {
        async fn hook(State(r): State<Receiver>, Json(event): Json<Value>) -> StatusCode {
            let id = event["event_data"]["video_id"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            let refused = id == "refuse";
            r.got.lock().unwrap().push((id, !refused));
            if refused {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            }
        }
        let app = Router::new()
            .route("/{*path}", post(hook).options(async || StatusCode::OK))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    }

    fn accepted(&self, video_id: &str) -> bool {
        self.got
            .lock()
            .unwrap()
            .iter()
            .any(|(id, ok)| id == video_id && *ok)
    }

    fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }
}

#[tokio::test]
async fn distinct_callback_urls_leave_no_queue_or_task_behind() {
    let mock = Mock::start().await;
    let receiver = Receiver::default();
    let url = receiver.start().await;
    const URLS: usize = 300;
    for i in 0..URLS {
        let (status, body) = mock
            .post_json(
                "/_mock/webhooks/trigger",
                &json!({"event_type": "avatar_video.success",
                        "event_data": {"video_id": format!("v{i}"), "url": "u"},
                        "callback_url": format!("{url}/hook/{i}")}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let deliveries = &mock.server.core().webhooks.deliveries;
    assert!(
        eventually(async || receiver.count() == URLS).await,
        "{} of {URLS} delivered",
        receiver.count()
    );
    assert!(
        eventually(async || {
            let a = deliveries.activity();
            a.queues == 0 && a.tasks == 0
        })
        .await,
        "idle targets keep {:?}",
        deliveries.activity()
    );
}

// ---- 11. one failing event must not hold back later ones ----

#[tokio::test]
async fn a_failing_event_does_not_hold_back_later_events_to_the_same_url() {
    let mock = Mock::with_config(Config {
        // Retries far apart: under head-of-line blocking the second event would wait minutes.
        webhook_retry_base: Duration::from_secs(120),
        webhook_max_attempts: 3,
        ..Config::for_tests()
    })
    .await;
    let receiver = Receiver::default();
    let callback = format!("{}/hook", receiver.start().await);
    for video_id in ["refuse", "later"] {
        let (status, body) = mock
            .post_json(
                "/_mock/webhooks/trigger",
                &json!({"event_type": "avatar_video.success",
                        "event_data": {"video_id": video_id, "url": "u"},
                        "callback_url": callback}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    assert!(
        eventually(async || receiver.accepted("later")).await,
        "the later event waited for the failing one's retries"
    );
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(
        got[0],
        ("refuse".to_owned(), false),
        "first attempts in order"
    );
    // The refused event still has retries scheduled.
    let (_, log) = mock.get_json("/_mock/webhooks/deliveries").await;
    assert_eq!(log["deliveries"][0]["status"], "pending", "{log}");
    let deliveries = &mock.server.core().webhooks.deliveries;
    assert!(
        eventually(async || deliveries.activity()
            == Activity {
                queues: 0,
                tasks: 1
            })
        .await,
        "only the refused event's retry task is left: {:?}",
        deliveries.activity()
    );
    assert_eq!(mock.post_json("/_mock/reset", &json!({})).await.0, 200);
    assert_eq!(mock.server.core().webhooks.deliveries.activity().tasks, 0);
}

// ---- 3. the control surface when keys are set ----

async fn keyed() -> Mock {
    Mock::with_config(Config {
        api_keys: vec![API_KEY.into()],
        ..Config::for_tests()
    })
    .await
}

#[tokio::test]
async fn controls_need_a_configured_key() {
    let mock = keyed().await;
    let bare = |method: reqwest::Method, path: &str| {
        mock.http
            .request(method, format!("{}{path}", mock.url()))
            .json(&json!({"count": 1}))
    };
    for (method, path) in [
        (reqwest::Method::GET, "/_mock"),
        (reqwest::Method::POST, "/_mock/reset"),
        (reqwest::Method::GET, "/_mock/webhooks/deliveries"),
        (reqwest::Method::POST, "/_mock/jobs/fill"),
    ] {
        let anonymous = bare(method.clone(), path).send().await.unwrap();
        assert_eq!(anonymous.status(), 401, "{method} {path} without a key");
        let wrong = bare(method.clone(), path)
            .header("X-Api-Key", "guess")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401, "{method} {path} with a wrong key");
    }
    assert_eq!(mock.get_json("/_mock").await.0, 200, "with the key");
    assert_eq!(
        mock.post_json("/_mock/jobs/fill", &json!({"count": 1}))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_consent_decision_needs_a_shown_page_and_with_keys_a_key() {
    let mock = keyed().await;
    let cb = "https://app.example/cb";
    // The old bare POST of the form fields mints nothing.
    let (status, location, _) = mock
        .post_form(
            "/_mock/oauth/decide",
            &[
                ("decision", "approve"),
                ("client_id", "c"),
                ("redirect_uri", cb),
            ],
        )
        .await;
    assert_ne!(status, 302);
    assert!(location.is_none());
    let fields = [("client_id", "c"), ("redirect_uri", cb), ("state", "s")];
    let nonce = mock.consent_nonce(&fields).await;
    let page = mock
        .http
        .get(format!(
            "{}/oauth/authorize?response_type=code&client_id=c&redirect_uri={cb}",
            mock.url()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"name="api_key""#),
        "the page asks for a key"
    );
    let decide = |form: Vec<(&'static str, String)>| {
        let request = mock
            .http
            .post(format!("{}/_mock/oauth/decide", mock.url()))
            .form(&form);
        async move { request.send().await.unwrap() }
    };
    let approve = |key: &str| {
        vec![
            ("decision", "approve".to_owned()),
            ("nonce", nonce.clone()),
            ("api_key", key.to_owned()),
        ]
    };
    assert_eq!(decide(approve("guess")).await.status(), 401, "a wrong key");
    let approved = decide(approve(API_KEY)).await;
    assert_eq!(approved.status(), 302, "the page's nonce and a key");
    let location = approved.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://app.example/cb?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=s"), "{location}");
    assert_eq!(
        decide(approve(API_KEY)).await.status(),
        400,
        "the nonce is single-use"
    );
}

#[tokio::test]
async fn triggered_events_are_bounded() {
    let mock = Mock::start().await;
    let big = "x".repeat(100 * 1024);
    let (status, body) = mock
        .post_json(
            "/_mock/webhooks/trigger",
            &json!({"event_type": "avatar_video.success", "event_data": {"video_id": big}}),
        )
        .await;
    assert_eq!(status, 413, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("64 KiB"),
        "{body}"
    );
    let (status, _) = mock
        .post_json(
            "/_mock/webhooks/trigger",
            &json!({"event_type": "avatar_video.success", "event_data": {}, "callback_url": "file:///etc/passwd"}),
        )
        .await;
    assert_eq!(status, 400);
}

// ---- 4. OAuth strictness ----

#[tokio::test]
async fn oauth_refuses_unsafe_redirects_plain_pkce_bypass_and_a_missing_redirect_uri() {
    let mock = Mock::start().await;
    for redirect in [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
    ] {
        let page = mock
            .http
            .get(format!("{}/oauth/authorize", mock.url()))
            .query(&[
                ("response_type", "code"),
                ("client_id", "c"),
                ("redirect_uri", redirect),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 400, "{redirect}");
    }
    // `plain` is refused by the page, and the decision cannot be posted without one.
    let plain = mock
        .http
        .get(format!(
            "{}/oauth/authorize?response_type=code&client_id=c&redirect_uri=https://a.example/cb&code_challenge=v&code_challenge_method=plain",
            mock.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 400);
    let (status, _, _) = mock
        .post_form(
            "/_mock/oauth/decide",
            &[
                ("decision", "approve"),
                ("client_id", "c"),
                ("redirect_uri", "https://a.example/cb"),
                ("code_challenge", "v"),
                ("code_challenge_method", "plain"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    // RFC 6749 §4.1.3: the authorize request had a redirect_uri, so the exchange needs it.
    let code = mock
        .approve(&[("client_id", "c"), ("redirect_uri", "https://a.example/cb")])
        .await["code"]
        .clone();
    let (status, _, body) = mock
        .post_form(
            "/v1/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", "c"),
                ("code", &code),
            ],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("redirect_uri"),
        "{body}"
    );
}

// ---- 5. hyper's own rejections ----

#[tokio::test]
async fn requests_hyper_cannot_parse_get_json_errors() {
    let server = MockServer::start(Config::for_tests()).await.unwrap();
    let long_uri = format!(
        "GET /v2/avatars?q={} HTTP/1.1\r\nHost: m\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let (status, head, body) = raw(server.addr(), long_uri.into_bytes()).await;
    assert_eq!(status, 414, "{head}");
    assert!(head.contains("application/json"), "{head}");
    assert!(
        v1_error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("64 KiB")
    );

    let many = format!(
        "GET /v2/avatars HTTP/1.1\r\nHost: m\r\n{}\r\n",
        (0..150)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    let (status, head, body) = raw(server.addr(), many.into_bytes()).await;
    assert_eq!(status, 431, "{head}");
    v1_error(&body);

    let large = format!(
        "GET /v2/avatars HTTP/1.1\r\nHost: m\r\nX-Big: {}\r\n\r\n",
        "b".repeat(500 * 1024)
    );
    let (status, head, body) = raw(server.addr(), large.into_bytes()).await;
    assert_eq!(status, 431, "{head}");
    v1_error(&body);

    let (status, head, body) = raw(server.addr(), b"HELLO THERE\r\n\r\n".to_vec()).await;
    assert_eq!(status, 400, "{head}");
    v1_error(&body);

    // The server still answers normally afterwards.
    let (status, _, _) = raw(
        server.addr(),
        b"GET /_mock/clock HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n".to_vec(),
    )
    .await;
    assert_eq!(status, 200);
}

// ---- 6. races and arithmetic ----

#[tokio::test]
async fn generating_a_photo_avatar_during_resets_never_answers_500() {
    let mock = Mock::start().await;
    let body = json!({"name": "Lin", "image_url": "https://example.com/lin.jpg"});
    let empty = json!({});
    for _ in 0..50 {
        let (generated, reset) = tokio::join!(
            mock.post_json("/v1/photo_avatar.generate", &body),
            mock.post_json("/_mock/reset", &empty),
        );
        assert_eq!(generated.0, 200, "{}", generated.1);
        assert_eq!(reset.0, 200);
    }
}

#[tokio::test]
async fn time_at_its_end_still_limits_rates_and_keeps_codes_alive() {
    let mock = Mock::with_config(Config {
        rate_limit: Some(RateLimit {
            requests: 2,
            window: Duration::from_secs(1),
        }),
        ..Config::for_tests()
    })
    .await;
    let (status, clock) = mock
        .post_json("/_mock/clock/advance", &json!({"by": "300000000000years"}))
        .await;
    assert_eq!(status, 200, "{clock}");
    assert!(
        clock["now"].as_str().unwrap().starts_with("9999-12-31"),
        "{clock}"
    );
    let statuses = [
        mock.get_json("/v2/avatars").await.0,
        mock.get_json("/v2/avatars").await.0,
        mock.get_json("/v2/avatars").await.0,
    ];
    assert_eq!(
        statuses,
        [200, 200, 429],
        "the window still holds two requests"
    );

    let mock = Mock::start().await;
    mock.post_json("/_mock/clock/advance", &json!({"by": "300000000000years"}))
        .await;
    let cb = "https://a.example/cb";
    let code = mock
        .approve(&[("client_id", "c"), ("redirect_uri", cb)])
        .await["code"]
        .clone();
    let (status, _, token) = mock
        .post_form(
            "/v1/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", "c"),
                ("code", &code),
                ("redirect_uri", cb),
            ],
        )
        .await;
    assert_eq!(status, 200, "a code is not born expired: {token}");
    let account = mock
        .http
        .get(format!("{}/v1/pacific/account.get", mock.url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 200, "nor is a token");
}

#[tokio::test]
async fn an_absurd_job_duration_is_refused_at_start() {
    let started = MockServer::start(Config {
        job_duration: Duration::from_secs(300_000_000_000 * 365 * 24 * 3600),
        ..Config::for_tests()
    })
    .await;
    match started {
        Err(MockError::Config(e)) => assert!(e.to_string().contains("--job-duration")),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn control_bodies_must_be_objects() {
    let mock = Mock::start().await;
    let before = mock.get_json("/_mock/faults").await.1;
    let (status, body) = mock
        .put_json("/_mock/faults", &json!([0, 1, 1, null, null]))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        mock.get_json("/_mock/faults").await.1,
        before,
        "nothing was injected"
    );
    let (status, _) = mock
        .post_json("/_mock/clock/advance", &json!(["30s", null]))
        .await;
    assert_eq!(status, 400);
    let (status, _) = mock
        .post_json("/_mock/jobs/abcdef123456/outcome", &json!(["failed"]))
        .await;
    assert_eq!(status, 400);
    assert_eq!(mock.post_json("/_mock/jobs/fill", &json!([5])).await.0, 400);
}

// ---- 7. echoed values ----

#[tokio::test]
async fn errors_quote_long_values_shortened() {
    let mock = Mock::start().await;
    let mut request = tutorial_video_request();
    request["video_inputs"][0]["voice"]["speed"] = json!("f".repeat(900_000));
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 400);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.len() < 2000, "a {} byte message", message.len());
    assert!(
        message.contains("video_inputs[0].voice.speed") && message.contains('…'),
        "{message}"
    );

    let id = "z".repeat(60_000);
    let (status, body) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    assert_eq!(status, 404);
    assert!(body["message"].as_str().unwrap().len() < 300, "{body}");
}

// ---- 9. bodies the handler never read ----

fn chunked(method_path: &str, content_type: &str, size: usize) -> Vec<u8> {
    let mut request = format!(
        "{method_path} HTTP/1.1\r\nHost: m\r\nX-Api-Key: k\r\nContent-Type: {content_type}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b'x'; 16 * 1024];
    for _ in 0..size / chunk.len() {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    request
}

/// One answer read off a kept-alive connection (by its `content-length`): status and body.
fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        let n = stream
            .read(&mut byte)
            .expect("the connection is still open");
        assert_eq!(n, 1, "the server closed the connection");
        bytes.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let length: usize = head
        .split("content-length: ")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no content-length in {head}"));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("the whole body");
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn streamed_bodies_to_error_routes_get_the_json_error_and_keep_the_connection() {
    let server = MockServer::start(Config::for_tests()).await.unwrap();
    let addr = server.addr();
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(BOUND)).unwrap();
        // Bodies larger than hyper's read buffer: left unread, the server would close the
        // connection under the client, which is still writing.
        let cases = [
            ("POST /v1/nowhere", "application/octet-stream", 404),
            (
                "POST /v2/video/generate",
                "multipart/form-data; boundary=b",
                415,
            ),
        ];
        for (route, content_type, expected) in cases {
            stream
                .write_all(&chunked(route, content_type, 768 * 1024))
                .expect("the whole body is taken");
            let (status, body) = read_answer(&mut stream);
            assert_eq!(status, expected, "{body}");
            let body: Value = serde_json::from_str(&body).unwrap();
            assert!(body.get("code").or(body.get("error")).is_some(), "{body}");
        }
        // The connection is still usable: the bodies were read, not abandoned.
        stream
            .write_all(b"GET /_mock/clock HTTP/1.1\r\nHost: m\r\n\r\n")
            .unwrap();
        assert_eq!(read_answer(&mut stream).0, 200);
    })
    .await
    .unwrap();
}

// ---- 10. the spec and the mock agree ----

#[tokio::test]
async fn the_spec_says_what_the_mock_refuses_about_media_sources() {
    let mock = Mock::start().await;
    let spec = Spec::embedded();
    let op = spec.operation("POST", "/v2/video/generate").unwrap();
    for (scene, field) in [
        (json!({"voice": {"type": "audio"}}), "audio_asset_id"),
        (
            json!({"voice": {"type": "silence"}, "background": {"type": "image"}}),
            "image_asset_id",
        ),
        (
            json!({"voice": {"type": "silence"}, "background": {"type": "video"}}),
            "video_asset_id",
        ),
    ] {
        let request = json!({"video_inputs": [scene]});
        assert!(
            spec.validate_request(op, &request).is_err(),
            "the spec refuses {request}"
        );
        let (status, body) = mock.post_json("/v2/video/generate", &request).await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }
    let good = json!({"video_inputs": [{"voice": {"type": "audio", "audio_asset_id": "a1"}}]});
    assert!(spec.validate_request(op, &good).is_ok());
    assert_eq!(mock.post_json("/v2/video/generate", &good).await.0, 200);
}
