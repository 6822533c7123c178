//! Webhooks end to end: a local receiver registers with the mock, jobs finish on the mock clock,
//! and the receiver gets signed events that the client crate verifies and parses.

use std::time::Duration;

use axum::{Router, routing::post};
use heygen_api::webhooks::{WebhookEvent, verify_and_parse};
use heygen_mock::Config;
use heygen_tests::{Mock, Received, Receiver, WAIT, tutorial_video_request};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

async fn register(mock: &Mock, url: &str, events: Value) -> (String, String) {
    let (status, body) = mock
        .post_json(
            "/v1/webhook/endpoint.add",
            &json!({"url": url, "events": events}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    (
        body["data"]["endpoint_id"].as_str().unwrap().to_owned(),
        body["data"]["secret"].as_str().unwrap().to_owned(),
    )
}

/// Sends a sentinel event through the same endpoint queue; everything queued before it has then
/// arrived, so "nothing else came" is an ordering fact, not a timing guess.
async fn drain_until_sentinel(mock: &Mock, receiver: &mut Receiver) -> Vec<Received> {
    let (status, body) = mock
        .post_json(
            "/_mock/webhooks/trigger",
            &json!({"event_type": "personalized_video", "event_data": {"project_id": "sentinel", "video_id": "sentinel"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut before = Vec::new();
    loop {
        let r = receiver.next_accepted().await;
        if r.body.windows(8).any(|w| w == b"sentinel") {
            return before;
        }
        before.push(r);
    }
}

/// The tutorial receiver's check, written out: hex HMAC-SHA256 of the raw body.
fn tutorial_verify(secret: &str, payload: &[u8], signature: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(payload);
    hex::encode(mac.finalize().into_bytes()) == signature
}

#[tokio::test]
async fn a_finished_video_sends_exactly_one_signed_success_event() {
    let mock = Mock::start().await;
    let mut receiver = Receiver::start(0).await;
    let (_, secret) = register(&mock, &receiver.url, json!(null)).await;

    let mut request = tutorial_video_request();
    request["callback_id"] = json!("order-42");
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 200, "{body}");
    let video_id = body["data"]["video_id"].as_str().unwrap().to_owned();
    mock.advance(120.0).await;

    let delivery = receiver.next_accepted().await;
    let event =
        verify_and_parse(&delivery.body, &delivery.headers, &secret).expect("signature verifies");
    let WebhookEvent::AvatarVideoSuccess(data) = event else {
        panic!("expected avatar_video.success, got {event:?}")
    };
    assert_eq!(data.video_id, video_id);
    assert_eq!(data.callback_id.as_deref(), Some("order-42"));
    let video = mock
        .http
        .get(&data.url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&video[4..8], b"ftyp");
    // Both headers carry the signature the tutorial's verify_signature accepts.
    for header in ["signature", "x-heygen-signature"] {
        let signature = delivery.headers[header].to_str().unwrap();
        assert!(
            tutorial_verify(&secret, &delivery.body, signature),
            "{header}"
        );
    }

    mock.advance(3600.0).await;
    let more = drain_until_sentinel(&mock, &mut receiver).await;
    assert!(more.is_empty(), "only one event per job: {more:?}");
}

#[tokio::test]
async fn failures_and_translations_send_their_events() {
    let config = Config {
        plan_limit_seconds: 5.0,
        ..Config::for_tests()
    };
    let mock = Mock::with_config(config).await;
    let mut receiver = Receiver::start(0).await;
    let (_, secret) = register(
        &mock,
        &receiver.url,
        json!(["avatar_video.fail", "video_translate.success"]),
    )
    .await;

    // Longer than the 5-second plan: fails with 40119 when it finishes.
    let (status, body) = mock
        .post_json("/v2/video/generate", &tutorial_video_request())
        .await;
    assert_eq!(status, 200, "{body}");
    let video_id = body["data"]["video_id"].as_str().unwrap().to_owned();
    mock.advance(120.0).await;
    let delivery = receiver.next_accepted().await;
    match verify_and_parse(&delivery.body, &delivery.headers, &secret).unwrap() {
        WebhookEvent::AvatarVideoFail(data) => {
            assert_eq!(data.video_id, video_id);
            assert!(
                data.msg.contains("Video is too long (> 5.0s)"),
                "{}",
                data.msg
            );
        }
        other => panic!("expected avatar_video.fail, got {other:?}"),
    }
    let (_, status) = mock
        .get_json(&format!("/v1/video_status.get?video_id={video_id}"))
        .await;
    assert_eq!(status["data"]["status"], "failed");
    assert_eq!(status["data"]["error"]["code"], 40119);

    let (status, body) = mock
        .post_json(
            "/v1/video_translate",
            &json!({"video_url": "https://example.com/v.mp4", "target_language": "fr", "callback_id": "t-1"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    mock.advance(600.0).await;
    let delivery = receiver.next_accepted().await;
    match verify_and_parse(&delivery.body, &delivery.headers, &secret).unwrap() {
        WebhookEvent::VideoTranslateSuccess(data) => {
            assert_eq!(
                data.video_translate_id,
                body["data"]["video_translate_id"].as_str().unwrap()
            );
            assert_eq!(data.output_language.as_deref(), Some("fr"));
            assert_eq!(data.callback_id.as_deref(), Some("t-1"));
        }
        other => panic!("expected video_translate.success, got {other:?}"),
    }
}

#[tokio::test]
async fn a_receiver_that_fails_at_first_still_gets_every_event_with_stable_ids() {
    let mock = Mock::start().await;
    let mut receiver = Receiver::start(3).await;
    register(&mock, &receiver.url, json!(["avatar_video.success"])).await;

    let mut ids = Vec::new();
    for _ in 0..3 {
        let (status, body) = mock
            .post_json("/v2/video/generate", &tutorial_video_request())
            .await;
        assert_eq!(status, 200);
        ids.push(body["data"]["video_id"].as_str().unwrap().to_owned());
        // Each finishes before the next starts, so their events have a defined order.
        mock.advance(120.0).await;
    }

    let mut attempts = Vec::new();
    let mut accepted = Vec::new();
    while accepted.len() < 3 {
        let r = receiver.next().await;
        attempts.push(r.clone());
        if r.accepted {
            accepted.push(r);
        }
    }
    let video_id = |r: &Received| {
        r.json()["event_data"]["video_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // First attempts go out in the order the jobs finished; a refused event is retried on its
    // own schedule, so accepted copies may come in any order (no head-of-line blocking).
    let mut first_seen: Vec<String> = Vec::new();
    for a in &attempts {
        if !first_seen.contains(&video_id(a)) {
            first_seen.push(video_id(a));
        }
    }
    assert_eq!(
        first_seen, ids,
        "first attempts follow the order the jobs finished"
    );
    let mut delivered: Vec<String> = accepted.iter().map(video_id).collect();
    delivered.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(delivered, expected, "every event is accepted exactly once");
    // Every attempt of one event carries that event's id.
    for r in &accepted {
        let tries: Vec<&Received> = attempts
            .iter()
            .filter(|a| video_id(a) == video_id(r))
            .collect();
        assert!(tries.iter().all(|a| a.event_id() == r.event_id()));
    }
    let unique: std::collections::BTreeSet<_> = accepted.iter().map(Received::event_id).collect();
    assert_eq!(unique.len(), 3);

    // The receiver saw the last acceptance just before the mock recorded it: wait for the log.
    let started = std::time::Instant::now();
    let log = loop {
        let (_, log) = mock.get_json("/_mock/webhooks/deliveries").await;
        let log = log["deliveries"].as_array().unwrap().clone();
        if log.iter().all(|d| d["status"] == "delivered") || started.elapsed() > WAIT {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(log.iter().all(|d| d["status"] == "delivered"), "{log:?}");
    let logged: usize = log
        .iter()
        .map(|d| d["attempts"].as_array().unwrap().len())
        .sum();
    assert_eq!(logged, attempts.len(), "three refusals, three acceptances");
}

#[tokio::test]
async fn callback_urls_get_unsigned_events_and_resend_keeps_the_event_id() {
    let mock = Mock::start().await;
    let mut receiver = Receiver::start(0).await;
    let mut request = tutorial_video_request();
    request["callback_url"] = json!(receiver.url);
    request["callback_id"] = json!("cb-7");
    let (status, _) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 200);
    mock.advance(120.0).await;
    let delivery = receiver.next_accepted().await;
    assert!(
        !delivery.headers.contains_key("signature"),
        "callback_url deliveries are not signed"
    );
    let event = WebhookEvent::parse(&delivery.body).unwrap();
    assert_eq!(event.callback_id(), Some("cb-7"));

    let (_, log) = mock.get_json("/_mock/webhooks/deliveries").await;
    let delivery_id = log["deliveries"][0]["delivery_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = mock
        .post_json(
            &format!("/_mock/webhooks/deliveries/{delivery_id}/resend"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let again = receiver.next_accepted().await;
    assert_eq!(again.event_id(), delivery.event_id());
    assert_eq!(again.body, delivery.body);
}

#[tokio::test]
async fn endpoint_urls_are_probed_before_they_are_accepted() {
    let mock = Mock::start().await;
    // Nothing listens on the discard port.
    let (status, body) = mock
        .post_json(
            "/v1/webhook/endpoint.add",
            &json!({"url": "http://127.0.0.1:9/hook"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(40011)),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("OPTIONS"),
        "{body}"
    );
    // A server that refuses OPTIONS.
    let app = Router::new().route("/hook", post(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    let (status, body) = mock
        .post_json("/v1/webhook/endpoint.add", &json!({"url": url}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("405"), "{body}");
    let (status, _) = mock
        .post_json("/v1/webhook/endpoint.add", &json!({"url": "ftp://x"}))
        .await;
    assert_eq!(status, 400);
    let (_, list) = mock.get_json("/v1/webhook/endpoint.list").await;
    assert_eq!(list["data"], json!([]), "refused endpoints are not stored");
}

#[tokio::test]
async fn reset_stops_pending_retries() {
    let config = Config {
        webhook_max_attempts: 1000,
        webhook_retry_base: Duration::from_millis(20),
        ..Config::for_tests()
    };
    let mock = Mock::with_config(config).await;
    let mut receiver = Receiver::start(u32::MAX).await;
    register(&mock, &receiver.url, json!(null)).await;
    let (status, _) = mock
        .post_json("/_mock/webhooks/trigger", &json!({"event_type": "avatar_video.success", "event_data": {"video_id": "v", "url": "u"}}))
        .await;
    assert_eq!(status, 200);
    receiver.next().await;
    receiver.next().await;
    let (status, _) = mock.post_json("/_mock/reset", &json!({})).await;
    assert_eq!(status, 200);
    // Let an attempt that was already on the wire at reset time land before draining.
    tokio::time::sleep(Duration::from_millis(100)).await;
    while receiver.try_next().is_some() {}
    // Proving an absence takes a bounded wait: unstopped, the retries (20 ms base, doubling)
    // would arrive several times within it.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(receiver.try_next().is_none(), "a retry arrived after reset");
    let (_, log) = mock.get_json("/_mock/webhooks/deliveries").await;
    assert_eq!(log["deliveries"], json!([]));
}
