//! Shared harness for the cross-crate tests: a mock on a loopback port wrapped in a layer that
//! checks every request the generated client sends and every answer the mock gives against
//! `openapi/heygen.yaml`. A test that ends with a violation recorded fails, naming the
//! operation, status and field.

use std::{
    collections::BTreeSet,
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::{Next, from_fn_with_state},
    response::Response,
    routing::post,
};
use heygen_api::auth::ClientBuilder;
use heygen_mock::{Config, MockServer};
use heygen_spec::Spec;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// A retry policy with millisecond backoff, so retry tests take no time.
pub fn fast_retries() -> heygen_api::retry::RetryPolicy {
    heygen_api::retry::RetryPolicy {
        max_retries: 4,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(20),
        ..heygen_api::retry::RetryPolicy::default()
    }
}

/// Wait options that poll every few milliseconds (the clock is advanced by the test).
pub fn quick_wait() -> heygen_api::wait::WaitOptions {
    heygen_api::wait::WaitOptions {
        timeout: Duration::from_secs(5),
        initial_interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        multiplier: 2.0,
    }
}

/// The API key tests send.
pub const API_KEY: &str = "test-key";
/// Largest body the checking layer buffers.
const BUFFER_LIMIT: usize = 4 * 1024 * 1024;

/// What the checking layer saw.
#[derive(Debug, Default)]
pub struct Report {
    violations: Mutex<Vec<String>>,
    exercised: Mutex<BTreeSet<(String, u16)>>,
}

impl Report {
    fn violation(&self, text: String) {
        self.violations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(text);
    }

    /// Violations so far.
    pub fn violations(&self) -> Vec<String> {
        self.violations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `(operationId, status)` pairs answered so far.
    pub fn exercised(&self) -> BTreeSet<(String, u16)> {
        self.exercised
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The checking layer: requests from the generated client (they carry progenitor's
/// `api-version` header) are validated against the operation's request schema; every answer to
/// a spec operation against the schema for its status; any other routed path outside `/_mock/`
/// and `/media/` is a route the spec does not have.
async fn conform(State(report): State<Arc<Report>>, request: Request, next: Next) -> Response {
    let spec = Spec::embedded();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let op = spec.match_path(&method, &path);
    let from_client = request.headers().contains_key("api-version");
    let content_type = request.headers().get(header::CONTENT_TYPE).cloned();
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, BUFFER_LIMIT).await.unwrap_or_default();
    if let Some(op) = op
        && from_client
        && spec.request_body(op).is_some()
    {
        let parsed = if is_json(content_type.as_ref()) {
            serde_json::from_slice(&bytes).ok()
        } else {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .map(|pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (k, Value::String(v)))
                            .collect(),
                    )
                })
        };
        match parsed {
            Some(value) => {
                if let Err(violations) = spec.validate_request(op, &value) {
                    for v in violations {
                        report.violation(format!("{} request: {v}", op.label()));
                    }
                }
            }
            None => report.violation(format!("{} request: body does not parse", op.label())),
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, BUFFER_LIMIT).await.unwrap_or_default();
    match op {
        Some(op) => {
            report
                .exercised
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert((op.operation_id.clone(), status));
            if is_json(parts.headers.get(header::CONTENT_TYPE)) {
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(value) => {
                        if let Err(violations) = spec.validate_response(op, status, &value) {
                            for v in violations {
                                report.violation(format!("{} response {status}: {v}", op.label()));
                            }
                        }
                    }
                    Err(e) => report
                        .violation(format!("{} response {status}: not JSON ({e})", op.label())),
                }
            } else {
                let declared = spec
                    .response(op, status)
                    .and_then(|r| r.get("content"))
                    .and_then(|c| c.as_object())
                    .is_some_and(|c| c.keys().any(|k| !k.contains("json")));
                if !declared {
                    report.violation(format!(
                        "{} response {status}: body is not JSON",
                        op.label()
                    ));
                }
            }
        }
        None => {
            let unknown_route = status == 404 && String::from_utf8_lossy(&bytes).contains("route");
            let mock_only = path.starts_with("/_mock") || path.starts_with("/media/");
            if !unknown_route && !mock_only && status != 405 {
                report.violation(format!(
                    "{method} {path} is served (status {status}) but is not in the spec"
                ));
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A checked mock on a loopback port, with helpers for driving it.
pub struct Mock {
    /// The running server.
    pub server: MockServer,
    /// What the checking layer saw.
    pub report: Arc<Report>,
    /// A plain HTTP client for requests the generated client cannot send (bad input, controls).
    pub http: reqwest::Client,
}

impl Mock {
    /// A mock with the test configuration: frozen clock, fast webhook retries.
    pub async fn start() -> Self {
        Self::with_config(Config::for_tests()).await
    }

    /// A mock with a given configuration.
    pub async fn with_config(config: Config) -> Self {
        let report = Arc::new(Report::default());
        let layer_report = report.clone();
        let server = MockServer::start_wrapped(
            config,
            SocketAddr::from(([127, 0, 0, 1], 0)),
            move |router: Router| router.layer(from_fn_with_state(layer_report, conform)),
        )
        .await
        .expect("mock starts");
        // The client crate's builder, so the TLS provider its features chose is installed even
        // when this crate is built without the CLI's (`cargo test -p heygen-api -p heygen-tests`).
        let http = heygen_api::tls::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self {
            server,
            report,
            http,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The generated client, authenticated with [`API_KEY`].
    pub fn client(&self) -> heygen_api::Client {
        ClientBuilder::new()
            .api_key(API_KEY)
            .base_url(self.url())
            .build()
            .expect("client builds")
    }

    /// A builder pointed at this mock, for custom credentials.
    pub fn builder(&self) -> ClientBuilder {
        ClientBuilder::new().base_url(self.url())
    }

    /// Moves the mock clock forward through the control surface.
    pub async fn advance(&self, seconds: f64) {
        let (status, body) = self
            .post_json("/_mock/clock/advance", &json!({"seconds": seconds}))
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// The bytes a media link serves; fails the test unless it answers 200.
    pub async fn fetch(&self, url: &str) -> Vec<u8> {
        let response = self.http.get(url).send().await.expect("media link answers");
        assert_eq!(response.status(), 200, "{url}");
        response.bytes().await.expect("media body").to_vec()
    }

    /// GET with the API key; returns status and JSON body (`null` if not JSON).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        self.send_json(reqwest::Method::GET, path, None).await
    }

    /// POST JSON with the API key; returns status and JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::POST, path, Some(body))
            .await
    }

    /// PUT JSON with the API key; returns status and JSON body.
    pub async fn put_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::PUT, path, Some(body)).await
    }

    /// PATCH JSON with the API key; returns status and JSON body.
    pub async fn patch_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::PATCH, path, Some(body))
            .await
    }

    /// DELETE with the API key; returns status and JSON body.
    pub async fn delete_json(&self, path: &str) -> (u16, Value) {
        self.send_json(reqwest::Method::DELETE, path, None).await
    }

    async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.url()))
            .header("X-Api-Key", API_KEY);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POSTs a form without credentials (the OAuth routes take none); returns the status, the
    /// `Location` header and the JSON body (`null` if not JSON).
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (u16, Option<String>, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.url()))
            .form(fields)
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        (
            status,
            location,
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// Opens the consent page for an authorize request (`fields`: `client_id`, `redirect_uri`,
    /// `state`, `code_challenge`, `code_challenge_method`; `response_type=code` is added) and
    /// returns the one-time nonce its form carries.
    pub async fn consent_nonce(&self, fields: &[(&str, &str)]) -> String {
        let mut query = vec![("response_type", "code")];
        query.extend_from_slice(fields);
        let page = self
            .http
            .get(format!("{}/oauth/authorize", self.url()))
            .query(&query)
            .send()
            .await
            .expect("request sent");
        assert_eq!(page.status(), 200, "the consent page renders");
        let html = page.text().await.expect("a page");
        let (_, rest) = html
            .split_once(r#"name="nonce" value=""#)
            .expect("the form carries a nonce");
        rest.split('"').next().expect("a nonce").to_owned()
    }

    /// Approves the consent form as a browser would: opens the page for `fields` (see
    /// [`Mock::consent_nonce`]) and posts its form with the key tests send; returns the query
    /// of the redirect (`code`, `state`).
    pub async fn approve(
        &self,
        fields: &[(&str, &str)],
    ) -> std::collections::HashMap<String, String> {
        let nonce = self.consent_nonce(fields).await;
        let response = self
            .http
            .post(format!("{}/_mock/oauth/decide", self.url()))
            .header("X-Api-Key", API_KEY)
            .form(&[("decision", "approve"), ("nonce", nonce.as_str())])
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        assert_eq!(status, 302, "{}", response.text().await.unwrap_or_default());
        let location = url::Url::parse(&location.expect("a redirect")).expect("a URL");
        location.query_pairs().into_owned().collect()
    }

    /// Fails the test if the spec was violated.
    pub fn assert_conformant(&self) {
        let violations = self.report.violations();
        assert!(
            violations.is_empty(),
            "spec violations:\n{}",
            violations.join("\n")
        );
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_conformant();
        } else if !self.report.violations().is_empty() {
            // The test failed on something else first; the violations may be why.
            eprintln!("spec violations:\n{}", self.report.violations().join("\n"));
        }
    }
}

/// The HTTP status of a documented error answer from the generated client; fails the test,
/// saying `what` was expected, on a success or an undocumented failure.
pub fn error_status<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, heygen_api::Error<E>>,
    what: &str,
) -> u16 {
    match result {
        Err(heygen_api::Error::ErrorResponse(e)) => e.status().as_u16(),
        other => panic!("{what}, got {other:?}"),
    }
}

/// A typed request body from JSON (the shortest way to write a union or a partial body);
/// fails the test if the JSON does not fit the generated type.
pub fn body<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the request matches the generated type")
}

/// The status and `param` of a v3 error answer from the generated client; fails the test on a
/// success or an undocumented failure.
pub fn refused<T: std::fmt::Debug>(
    result: Result<T, heygen_api::Error<heygen_api::types::V3ErrorResponse>>,
) -> (u16, Option<String>) {
    match result {
        Err(heygen_api::Error::ErrorResponse(e)) => (e.status().as_u16(), e.error.param.clone()),
        other => panic!("expected an error answer, got {other:?}"),
    }
}

/// The tutorial's first video request.
pub fn tutorial_video_request() -> Value {
    json!({
        "video_inputs": [{
            "character": {"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "avatar_style": "normal"},
            "voice": {
                "type": "text",
                "input_text": "Welcome to the HeyGen API! This is a demonstration of how easy it is to create engaging avatar videos programmatically.",
                "voice_id": "1bd001e7e50f421d891986aad5158bc8",
                "speed": 1.1
            },
            "background": {"type": "color", "value": "#87CEEB"}
        }],
        "dimension": {"width": 1280, "height": 720}
    })
}

/// Replaces ids, links, secrets and times with placeholders so snapshots are stable.
pub fn redact(value: &Value) -> Value {
    const VOLATILE: [&str; 36] = [
        "id",
        "video_id",
        "photo_avatar_id",
        "video_translate_id",
        "endpoint_id",
        "secret",
        "access_token",
        "refresh_token",
        "created_at",
        "url",
        "video_url",
        "thumbnail_url",
        "gif_url",
        "caption_url",
        "video_url_caption",
        "preview_url",
        "gif_download_url",
        "completed_at",
        "subtitle_url",
        "captioned_video_url",
        "batch_id",
        "event_id",
        "next_token",
        "asset_id",
        "upload_url",
        "uploaded_at",
        "lipsync_id",
        "video_translation_ids",
        "proofread_ids",
        "voice_clone_id",
        "request_id",
        "session_id",
        "run_id",
        "resource_id",
        "resource_ids",
        // Derived from the job id, so it changes from run to run.
        "virality_score",
    ];
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let redacted = if VOLATILE.contains(&k.as_str()) && !v.is_null() {
                        Value::String(format!("[{k}]"))
                    } else if let (true, Some(text)) = (k == "message", v.as_str()) {
                        Value::String(redact_hex_ids(text))
                    } else {
                        redact(v)
                    };
                    (k.clone(), redacted)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(s) if s.contains("127.0.0.1:") => Value::String("[local url]".into()),
        other => other.clone(),
    }
}

/// Replaces generated ids (runs of 16 or more hex digits) inside text, e.g. in messages.
fn redact_hex_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() >= 16 {
            out.push_str("[id]");
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

// ------------------------------------------------------------------ webhook receiver

/// Longest a test waits for a delivery that must come.
pub const WAIT: Duration = Duration::from_secs(10);

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    /// Its headers.
    pub headers: HeaderMap,
    /// Its raw body.
    pub body: Bytes,
    /// Whether the receiver answered 2xx.
    pub accepted: bool,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The `Signature` header, if the delivery was signed.
    pub fn signature(&self) -> Option<String> {
        self.headers
            .get("signature")
            .and_then(|s| s.to_str().ok())
            .map(str::to_owned)
    }

    /// `X-Heygen-Event-Id`.
    pub fn event_id(&self) -> String {
        self.headers["x-heygen-event-id"]
            .to_str()
            .unwrap()
            .to_owned()
    }
}

#[derive(Clone)]
struct ReceiverState {
    tx: mpsc::UnboundedSender<Received>,
    fail_first: Arc<AtomicU32>,
}

/// A webhook receiver on a loopback port that answers OPTIONS probes and fails its first
/// `fail_first` deliveries with 503.
pub struct Receiver {
    /// Where to register it.
    pub url: String,
    rx: mpsc::UnboundedReceiver<Received>,
    _task: tokio::task::JoinHandle<()>,
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let failing = state
        .fail_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let _ = state.tx.send(Received {
        headers,
        body,
        accepted: !failing,
    });
    if failing {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

impl Receiver {
    /// Starts one.
    pub async fn start(fail_first: u32) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let state = ReceiverState {
            tx,
            fail_first: Arc::new(AtomicU32::new(fail_first)),
        };
        let app = Router::new()
            .route("/hook", post(receive).options(|| async { StatusCode::OK }))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Self {
            url,
            rx,
            _task: task,
        }
    }

    /// The next request, failing the test if none comes within [`WAIT`].
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("a delivery arrives in time")
            .expect("receiver running")
    }

    /// A request already received, if any (no waiting).
    pub fn try_next(&mut self) -> Option<Received> {
        self.rx.try_recv().ok()
    }

    /// The next accepted delivery (skipping attempts the receiver failed on purpose).
    pub async fn next_accepted(&mut self) -> Received {
        loop {
            let r = self.next().await;
            if r.accepted {
                return r;
            }
        }
    }
}
