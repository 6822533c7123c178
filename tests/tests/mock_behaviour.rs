//! The mock's rules beyond the happy path: every kind of bad input answers in HeyGen's envelope
//! with the right status and code and loses no state; limits, faults, forced outcomes, media
//! expiry and the clock all behave as documented.

use std::time::Duration;

use heygen_mock::{Config, RateLimit};
use heygen_tests::{API_KEY, Mock, tutorial_video_request};
use serde_json::{Value, json};

async fn raw(
    mock: &Mock,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = mock
        .http
        .request(method.parse().unwrap(), format!("{}{path}", mock.url()))
        .header("X-Api-Key", API_KEY)
        .body(body);
    if let Some(ct) = content_type {
        request = request.header("Content-Type", ct);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        response.json().await.unwrap_or(Value::Null),
        headers,
    )
}

/// method, path, content type, body, expected status, expected code, text the message names.
type Case = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Vec<u8>,
    u16,
    i64,
    &'static str,
);

/// The code of either envelope.
fn code(body: &Value) -> Option<i64> {
    body["code"]
        .as_i64()
        .or_else(|| body["error"]["code"].as_i64())
}

#[tokio::test]
async fn bad_input_gets_heygen_errors_and_loses_no_state() {
    let mock = Mock::start().await;
    let (_, created) = mock
        .post_json("/v2/video/generate", &tutorial_video_request())
        .await;
    let video_id = created["data"]["video_id"].as_str().unwrap().to_owned();
    let jobs_before = mock.server.core().jobs.stored("videos");
    assert!(
        jobs_before.is_some_and(|n| n > 0),
        "the videos area is registered"
    );

    let json = Some("application/json");
    let scene = json!({"voice": {"type": "silence"}});
    let too_many = serde_json::to_vec(&json!({"video_inputs": vec![scene.clone(); 51]})).unwrap();
    let cases: Vec<Case> = vec![
        ("POST", "/v2/video/generate", json, b"{not json".to_vec(), 400, 40011, "not valid JSON"),
        ("POST", "/v2/video/generate", Some("text/plain"), b"{}".to_vec(), 415, 40011, "Content-Type"),
        ("POST", "/v2/video/generate", None, b"{}".to_vec(), 415, 40011, "Content-Type"),
        ("POST", "/v2/video/generate", json, vec![b' '; 1024 * 1024 + 1], 413, 40011, "1 MiB"),
        ("POST", "/v2/video/generate", json, b"{}".to_vec(), 400, 40011, "video_inputs"),
        ("POST", "/v2/video/generate", json, b"[]".to_vec(), 400, 40011, "object"),
        ("POST", "/v2/video/generate", json, too_many, 400, 40011, "video_inputs"),
        ("POST", "/v2/video/generate", json, br#"{"video_inputs":[{"voice":{"type":"text","voice_id":"x","input_text":"hi","pitch":"high"}}]}"#.to_vec(), 400, 40011, "video_inputs[0].voice.pitch"),
        ("POST", "/v2/video/generate", json, br#"{"video_inputs":[{"voice":{"type":"text","voice_id":"nope","input_text":"hi"}}]}"#.to_vec(), 404, 40004, "voice"),
        ("POST", "/v2/video/generate", json, br#"{"video_inputs":[{"voice":{"type":"audio"}}]}"#.to_vec(), 400, 40011, "input_audio"),
        ("POST", "/v2/video/generate", json, br#"{"video_inputs":[{"character":{"type":"avatar","avatar_id":"Angela-insuit-20220820","avatar_style":"casual"},"voice":{"type":"silence"}}]}"#.to_vec(), 400, 40011, "avatar_style"),
        ("POST", "/v2/video/generate", json, br#"{"video_inputs":[{"voice":{"type":"silence"},"background":{"type":"image"}}]}"#.to_vec(), 400, 40011, "image_asset_id"),
        ("POST", "/v2/template/abcdef123456/generate", json, br#"{"variables":{"nope":{"name":"nope","type":"text","properties":{"content":"x"}}}}"#.to_vec(), 400, 40011, "no variable"),
        ("POST", "/v2/template/nope/generate", json, br#"{"variables":{}}"#.to_vec(), 404, 40004, "template"),
        ("GET", "/v1/video_status.get", None, vec![], 400, 40011, "video_id"),
        ("GET", "/v1/video_status.get?video_id=missing", None, vec![], 404, 40004, "missing"),
        ("GET", "/v1/photo_avatar.get?photo_avatar_id=missing", None, vec![], 404, 40004, "photo avatar"),
        ("GET", "/v1/video_translate_status.get?video_translate_id=missing", None, vec![], 404, 40004, "translation"),
        ("POST", "/v1/video_translate", json, br#"{"video_url":"https://x/v.mp4","target_language":"klingon"}"#.to_vec(), 400, 40011, "target_language"),
        ("POST", "/v1/photo_avatar.generate", json, br#"{"name":"x"}"#.to_vec(), 400, 40011, "image_url"),
        ("PATCH", "/v1/webhook/endpoint.update", json, br#"{"endpoint_id":"missing"}"#.to_vec(), 404, 40004, "endpoint"),
        ("DELETE", "/v1/webhook/endpoint.delete", None, vec![], 400, 40011, "endpoint_id"),
        ("POST", "/v1/oauth/token", Some("application/x-www-form-urlencoded"), b"grant_type=password&client_id=c".to_vec(), 400, 40011, "grant_type"),
        ("POST", "/v1/oauth/token", Some("application/x-www-form-urlencoded"), b"grant_type=authorization_code&client_id=c&code=forged".to_vec(), 400, 40011, "invalid_grant"),
        ("POST", "/v1/oauth/token", json, b"{}".to_vec(), 415, 40011, "x-www-form-urlencoded"),
        ("GET", "/oauth/authorize?client_id=c&redirect_uri=nope&response_type=code", None, vec![], 400, 40011, "redirect_uri"),
        ("GET", "/v1/nowhere", None, vec![], 404, 40004, "route"),
        ("PUT", "/v2/avatars", None, vec![], 405, 40011, "GET"),
        ("DELETE", "/v1/video_status.get?video_id=x", None, vec![], 405, 40011, "GET"),
    ];
    for (method, path, content_type, body, status, expected_code, needle) in cases {
        let (got, answer, _) = raw(&mock, method, path, content_type, body).await;
        assert_eq!(got, status, "{method} {path}: {answer}");
        assert_eq!(
            code(&answer),
            Some(expected_code),
            "{method} {path}: {answer}"
        );
        let message = answer["message"]
            .as_str()
            .or(answer["error"]["message"].as_str())
            .unwrap_or("");
        assert!(
            message.contains(needle),
            "{method} {path}: {message:?} should mention {needle:?}"
        );
        // The envelope follows the path's generation.
        assert_eq!(
            answer.get("error").is_some(),
            path.starts_with("/v2/"),
            "{method} {path}: {answer}"
        );
    }
    // A path no route matches speaks the generation its prefix names: v3's string codes.
    let (got, answer, _) = raw(&mock, "GET", "/v3/nowhere", None, vec![]).await;
    assert_eq!(got, 404, "{answer}");
    assert_eq!(answer["error"]["code"], "not_found", "{answer}");
    assert!(answer.get("data").is_none(), "{answer}");

    assert_eq!(
        mock.server.core().jobs.stored("videos"),
        jobs_before,
        "no bad request stored a job"
    );
    let (status, answer) = mock
        .get_json(&format!("/v1/video_status.get?video_id={video_id}"))
        .await;
    assert_eq!(
        (status, answer["data"]["id"].as_str()),
        (200, Some(video_id.as_str()))
    );
}

#[tokio::test]
async fn only_configured_api_keys_are_accepted() {
    let mock = Mock::with_config(Config {
        api_keys: vec![API_KEY.into()],
        ..Config::for_tests()
    })
    .await;
    let client = mock.builder().api_key("wrong").build().unwrap();
    let error = client.list_avatars().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let empty = mock
        .http
        .get(format!("{}/v2/voices", mock.url()))
        .header("X-Api-Key", "")
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 401);
    mock.client().list_avatars().send().await.unwrap();
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_on_the_mock_clock() {
    let mock = Mock::with_config(Config {
        rate_limit: Some(RateLimit {
            requests: 3,
            window: Duration::from_secs(10),
        }),
        ..Config::for_tests()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(mock.get_json("/v2/voices").await.0, 200);
    }
    let (status, body, headers) = raw(&mock, "GET", "/v2/voices", None, vec![]).await;
    assert_eq!((status, code(&body)), (429, Some(42902)), "{body}");
    assert_eq!(headers["retry-after"], "10");
    mock.advance(10.0).await;
    assert_eq!(mock.get_json("/v2/voices").await.0, 200);
}

#[tokio::test]
async fn the_concurrent_job_limit_frees_up_as_jobs_finish() {
    let mock = Mock::with_config(Config {
        max_concurrent_jobs: Some(1),
        ..Config::for_tests()
    })
    .await;
    assert_eq!(
        mock.post_json("/v2/video/generate", &tutorial_video_request())
            .await
            .0,
        200
    );
    let (status, body, headers) = raw(
        &mock,
        "POST",
        "/v2/video/generate",
        Some("application/json"),
        serde_json::to_vec(&tutorial_video_request()).unwrap(),
    )
    .await;
    assert_eq!((status, code(&body)), (429, Some(42902)), "{body}");
    assert!(headers.contains_key("retry-after"));
    mock.advance(120.0).await;
    assert_eq!(
        mock.post_json("/v2/video/generate", &tutorial_video_request())
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn injected_faults_are_counted_and_then_stop() {
    let mock = Mock::start().await;
    let (status, _) = mock
        .put_json(
            "/_mock/faults",
            &json!({"fail_next": 2, "rate_limit_next": 1, "retry_after": 7}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body, headers) = raw(&mock, "GET", "/v2/avatars", None, vec![]).await;
    assert_eq!((status, code(&body)), (429, Some(42902)));
    assert_eq!(headers["retry-after"], "7");
    for _ in 0..2 {
        let (status, body, _) = raw(&mock, "GET", "/v2/avatars", None, vec![]).await;
        assert_eq!((status, code(&body)), (500, Some(50001)), "{body}");
    }
    assert_eq!(mock.get_json("/v2/avatars").await.0, 200);
    let (status, _) = mock
        .put_json("/_mock/faults", &json!({"error_rate": 2.0}))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn outcomes_can_be_forced_per_request_and_by_control_route() {
    let mock = Mock::start().await;
    let forced = mock
        .http
        .post(format!("{}/v2/video/generate", mock.url()))
        .header("X-Api-Key", API_KEY)
        .header("X-Mock-Outcome", "failed")
        .header("X-Mock-Error-Code", "40119")
        .header("X-Mock-Error-Message", "Video is too long")
        .header("X-Mock-Job-Duration", "5s")
        .json(&tutorial_video_request())
        .send()
        .await
        .unwrap();
    let id = forced.json::<Value>().await.unwrap()["data"]["video_id"]
        .as_str()
        .unwrap()
        .to_owned();
    mock.advance(5.0).await;
    let (_, status) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    assert_eq!(status["data"]["status"], "failed");
    assert_eq!(status["data"]["error"]["code"], 40119);

    let (_, created) = mock
        .post_json("/v2/video/generate", &tutorial_video_request())
        .await;
    let id = created["data"]["video_id"].as_str().unwrap().to_owned();
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{id}/outcome"),
            &json!({"status": "completed"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, answer) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    assert_eq!(answer["data"]["status"], "completed");
    let (status, _) = mock
        .post_json(
            &format!("/_mock/jobs/{id}/outcome"),
            &json!({"status": "failed"}),
        )
        .await;
    assert_eq!(status, 400, "a finished job cannot be forced again");
    let (status, _) = mock
        .post_json("/_mock/jobs/nope/outcome", &json!({"status": "failed"}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn media_links_expire_after_seven_days_and_a_status_read_refreshes_them() {
    let mock = Mock::start().await;
    let mut request = tutorial_video_request();
    request["caption"] = json!(true);
    let (_, created) = mock.post_json("/v2/video/generate", &request).await;
    let id = created["data"]["video_id"].as_str().unwrap().to_owned();
    mock.advance(60.0).await;
    let (_, status) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    let old_link = status["data"]["video_url"].as_str().unwrap().to_owned();
    let captions = mock
        .http
        .get(status["data"]["caption_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        captions.contains("Welcome to the HeyGen API!"),
        "{captions}"
    );
    assert_eq!(mock.http.get(&old_link).send().await.unwrap().status(), 200);

    mock.advance(7.0 * 24.0 * 3600.0 + 1.0).await;
    let expired = mock.http.get(&old_link).send().await.unwrap();
    assert_eq!(expired.status(), 403);
    let tampered = old_link.replace("video.mp4", "thumbnail.jpg");
    assert_eq!(mock.http.get(&tampered).send().await.unwrap().status(), 403);
    let (_, status) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    let fresh = status["data"]["video_url"].as_str().unwrap();
    assert_ne!(fresh, old_link);
    let bytes = mock
        .http
        .get(fresh)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");
}

#[tokio::test]
async fn transparent_backgrounds_render_webm_and_zero_duration_jobs_finish_at_once() {
    let mock = Mock::with_config(Config {
        job_duration: Duration::ZERO,
        ..Config::for_tests()
    })
    .await;
    let mut request = tutorial_video_request();
    request["video_inputs"][0]["background"] = json!({"type": "transparent"});
    let (_, created) = mock.post_json("/v2/video/generate", &request).await;
    let id = created["data"]["video_id"].as_str().unwrap();
    let (_, status) = mock
        .get_json(&format!("/v1/video_status.get?video_id={id}"))
        .await;
    assert_eq!(status["data"]["status"], "completed");
    let url = status["data"]["video_url"].as_str().unwrap();
    assert!(url.contains("video.webm"), "{url}");
    let response = mock.http.get(url).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "video/webm");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..4], &[0x1A, 0x45, 0xDF, 0xA3], "EBML header");
}

#[tokio::test]
async fn render_time_grows_with_the_script() {
    let mock = Mock::start().await;
    let short = tutorial_video_request();
    let mut long = tutorial_video_request();
    long["video_inputs"][0]["voice"]["input_text"] = json!("word ".repeat(900));
    let (_, a) = mock.post_json("/v2/video/generate", &short).await;
    let (_, b) = mock.post_json("/v2/video/generate", &long).await;
    mock.advance(15.0).await;
    let (_, a) = mock
        .get_json(&format!(
            "/v1/video_status.get?video_id={}",
            a["data"]["video_id"].as_str().unwrap()
        ))
        .await;
    let (_, b) = mock
        .get_json(&format!(
            "/v1/video_status.get?video_id={}",
            b["data"]["video_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(a["data"]["status"], "completed");
    assert_ne!(
        b["data"]["status"], "completed",
        "a 900-word script renders far longer"
    );
}

#[tokio::test]
async fn expired_oauth_tokens_are_refused_until_refreshed() {
    let mock = Mock::with_config(Config {
        oauth_token_ttl: Duration::from_secs(60),
        ..Config::for_tests()
    })
    .await;
    let redirect = mock
        .approve(&[("client_id", "c1"), ("redirect_uri", "http://localhost/cb")])
        .await;
    let code = redirect["code"].as_str();
    let exchange = [
        ("grant_type", "authorization_code"),
        ("client_id", "c1"),
        ("code", code),
        ("redirect_uri", "http://localhost/cb"),
    ];
    let (status, _, token) = mock.post_form("/v1/oauth/token", &exchange).await;
    assert_eq!(status, 200, "{token}");
    let account = |t: &str| {
        let request = mock
            .http
            .get(format!("{}/v1/pacific/account.get", mock.url()))
            .bearer_auth(t);
        async move { request.send().await.unwrap() }
    };
    let access = token["access_token"].as_str().unwrap();
    assert_eq!(account(access).await.status(), 200);
    mock.advance(61.0).await;
    let refused = account(access).await;
    assert_eq!(refused.status(), 401);
    assert!(refused.text().await.unwrap().contains("expired"));
    // The code was single-use.
    assert_eq!(mock.post_form("/v1/oauth/token", &exchange).await.0, 400);
    let refresh = [
        ("grant_type", "refresh_token"),
        ("client_id", "c1"),
        ("refresh_token", token["refresh_token"].as_str().unwrap()),
    ];
    let (status, _, refreshed) = mock.post_form("/v1/oauth/refresh_token", &refresh).await;
    assert_eq!(status, 200);
    assert_eq!(
        account(refreshed["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    // The old refresh token rotated out.
    assert_eq!(
        mock.post_form("/v1/oauth/refresh_token", &refresh).await.0,
        400
    );
    // An API key is not an OAuth token.
    assert_eq!(mock.get_json("/v1/pacific/account.get").await.0, 401);
}

#[tokio::test]
async fn pkce_and_denial_follow_the_spec() {
    let mock = Mock::start().await;
    let page = mock
        .http
        .get(format!(
            "{}/oauth/authorize?client_id=c%3Cx&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&state=s%3Cx&code_challenge=abc&code_challenge_method=S256",
            mock.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.unwrap();
    assert!(html.contains("Approve") && html.contains("Deny"));
    assert!(
        html.contains("c&lt;x") && !html.contains("c<x") && !html.contains("s<x"),
        "the client id is escaped; the state stays on the server until the redirect"
    );

    let nonce = mock
        .consent_nonce(&[
            ("client_id", "c"),
            ("redirect_uri", "https://app.example/cb"),
            ("state", "s1"),
        ])
        .await;
    let deny = [("decision", "deny"), ("nonce", nonce.as_str())];
    let (_, location, _) = mock.post_form("/_mock/oauth/decide", &deny).await;
    assert_eq!(
        location.as_deref(),
        Some("https://app.example/cb?error=access_denied&state=s1")
    );

    let token = |code: String, verifier: &'static str| {
        let fields = [
            ("grant_type", "authorization_code"),
            ("client_id", "c"),
            ("code", code.as_str()),
            ("code_verifier", verifier),
            ("redirect_uri", "https://app.example/cb"),
        ]
        .map(|(k, v)| (k, v.to_owned()));
        let request = mock
            .http
            .post(format!("{}/v1/oauth/token", mock.url()))
            .form(&fields);
        async move { request.send().await.unwrap() }
    };
    let challenge = heygen_mock::areas::oauth::pkce_challenge("right-verifier");
    let s256 = [
        ("client_id", "c"),
        ("redirect_uri", "https://app.example/cb"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let wrong = token(mock.approve(&s256).await["code"].clone(), "wrong-verifier").await;
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.unwrap().contains("code_verifier"));
    assert_eq!(
        token(mock.approve(&s256).await["code"].clone(), "right-verifier")
            .await
            .status(),
        200
    );

    // Without a method the challenge is the verifier itself (RFC 7636 "plain").
    let plain = [
        ("client_id", "c"),
        ("redirect_uri", "https://app.example/cb"),
        ("code_challenge", "same-string"),
    ];
    assert_eq!(
        token(mock.approve(&plain).await["code"].clone(), "same-string")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn reset_forgets_jobs_but_keeps_the_tutorial_examples() {
    let mock = Mock::start().await;
    let (_, created) = mock
        .post_json("/v2/video/generate", &tutorial_video_request())
        .await;
    let id = created["data"]["video_id"].as_str().unwrap().to_owned();
    assert_eq!(mock.post_json("/_mock/reset", &json!({})).await.0, 200);
    assert_eq!(
        mock.get_json(&format!("/v1/video_status.get?video_id={id}"))
            .await
            .0,
        404
    );
    assert_eq!(
        mock.get_json("/v1/video_status.get?video_id=abcdef123456")
            .await
            .0,
        200
    );
    let (_, requests) = mock.get_json("/_mock/requests").await;
    assert_eq!(
        requests["requests"].as_array().unwrap().len(),
        2,
        "{requests}"
    );
}

#[tokio::test]
async fn endpoint_events_null_means_all_and_missing_means_unchanged() {
    let mock = Mock::with_config(Config {
        webhook_validate_urls: false,
        ..Config::for_tests()
    })
    .await;
    let (_, added) = mock
        .post_json(
            "/v1/webhook/endpoint.add",
            &json!({"url": "https://example.com/hook", "events": ["avatar_video.success"]}),
        )
        .await;
    let id = added["data"]["endpoint_id"].as_str().unwrap().to_owned();
    let patch = "/v1/webhook/endpoint.update";
    let (_, kept) = mock
        .patch_json(
            patch,
            &json!({"endpoint_id": id, "url": "https://example.com/other"}),
        )
        .await;
    assert_eq!(kept["data"]["events"], json!(["avatar_video.success"]));
    let (_, all) = mock
        .patch_json(patch, &json!({"endpoint_id": id, "events": null}))
        .await;
    assert_eq!(
        all["data"]["events"],
        Value::Null,
        "null subscribes to every event"
    );
}

/// Uploads a file through `/v3/assets`; its asset id.
async fn upload(mock: &Mock, bytes: &'static [u8], name: &'static str) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name),
    );
    let answer: Value = mock
        .http
        .post(format!("{}/v3/assets", mock.url()))
        .header("X-Api-Key", API_KEY)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["data"]["asset_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn media_job_inputs_are_checked_and_name_the_parameter() {
    let mock = Mock::start().await;
    let image = upload(&mock, heygen_mock::core::media::THUMBNAIL_JPG, "face.jpg").await;
    let video = upload(&mock, heygen_mock::core::media::VIDEO_MP4, "talk.mp4").await;
    let url = |u: &str| json!({"type": "url", "url": u});
    let asset = |id: &str| json!({"type": "asset_id", "asset_id": id});
    let mp4 = url("https://example.com/a.mp4");
    let cases = [
        // An uploaded video is a usable source, and its sound track a usable audio.
        (
            "/v3/lipsyncs",
            json!({"video": asset(&video), "audio": asset(&video)}),
            200,
            None,
        ),
        (
            "/v3/lipsyncs",
            json!({"video": asset("nope"), "audio": mp4}),
            404,
            Some("video.asset_id"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": asset(&image), "audio": mp4}),
            400,
            Some("video.asset_id"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": mp4, "audio": url("file:///etc/passwd")}),
            400,
            Some("audio.url"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": mp4, "audio": mp4, "callback_url": "mailto:x@y"}),
            400,
            Some("callback_url"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": mp4, "audio": mp4, "fps_mode": "60fps"}),
            400,
            Some("fps_mode"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": mp4, "audio": mp4, "start_time": 5, "end_time": 2}),
            400,
            Some("end_time"),
        ),
        (
            "/v3/lipsyncs",
            json!({"video": mp4, "audio": mp4, "start_time": -1}),
            400,
            Some("start_time"),
        ),
        // A missing required field is named in the message, as for every operation (the
        // schema validator reports it on the parent object, which has no param).
        ("/v3/lipsyncs", json!({"video": mp4}), 400, None),
        (
            "/v3/lipsyncs",
            json!({"video": {"type": "base64", "media_type": "video/mp4", "data": "aGk="}, "audio": mp4}),
            400,
            Some("video.type"),
        ),
        (
            "/v3/background-removals",
            json!({"video": asset(&video)}),
            200,
            None,
        ),
        (
            "/v3/background-removals",
            json!({"video": {"type": "base64", "media_type": "video/webm", "data": "aGk="}}),
            200,
            None,
        ),
        (
            "/v3/background-removals",
            json!({"video": {"type": "base64", "media_type": "video/webm", "data": "not base64!"}}),
            400,
            Some("video.data"),
        ),
        (
            "/v3/background-removals",
            json!({"video": asset(&image)}),
            400,
            Some("video.asset_id"),
        ),
        (
            "/v3/background-removals",
            json!({"video": mp4, "layers": ["shadow"]}),
            400,
            Some("layers[0]"),
        ),
        (
            "/v3/ai-clipping",
            json!({"video": asset(&video)}),
            202,
            None,
        ),
        (
            "/v3/ai-clipping",
            json!({"video": url("ftp://example.com/a.mp4")}),
            400,
            Some("video.url"),
        ),
        (
            "/v3/ai-clipping",
            json!({"video": mp4, "output_settings": {"prompt": "x".repeat(501)}}),
            400,
            Some("output_settings.prompt"),
        ),
    ];
    for (path, body, status, param) in cases {
        let (got, answer) = mock.post_json(path, &body).await;
        assert_eq!(got, status, "{path} {body}: {answer}");
        if status >= 400 {
            assert!(answer["error"]["code"].is_string(), "{answer}");
            assert_eq!(
                answer["error"]["param"].as_str(),
                param,
                "{path} {body}: {answer}"
            );
        }
    }
}

#[tokio::test]
async fn media_jobs_fail_when_forced_and_charge_credits_like_videos() {
    let mock = Mock::with_config(Config {
        credits: Some(3),
        ..Config::for_tests()
    })
    .await;
    let mp4 = json!({"type": "url", "url": "https://example.com/a.mp4"});
    // A lipsync forced to fail by header: the failure reaches the job.
    let forced = mock
        .http
        .post(format!("{}/v3/lipsyncs", mock.url()))
        .header("X-Api-Key", API_KEY)
        .header("X-Mock-Outcome", "failed")
        .header("X-Mock-Error-Message", "No face found in the video")
        .json(&json!({"video": mp4, "audio": mp4}))
        .send()
        .await
        .unwrap();
    let lipsync = forced.json::<Value>().await.unwrap()["data"]["lipsync_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A clipping job forced to fail through the control route, while it runs.
    let (_, created) = mock
        .post_json("/v3/ai-clipping", &json!({"video": mp4}))
        .await;
    let clipping = created["data"]["id"].as_str().unwrap().to_owned();
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{clipping}/outcome"),
            &json!({"status": "failed", "message": "The video has no speech"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Three jobs of one credit each: the fourth is refused with 402 and takes nothing.
    let (status, _) = mock
        .post_json("/v3/background-removals", &json!({"video": mp4}))
        .await;
    assert_eq!(status, 200);
    let (status, refused) = mock
        .post_json("/v3/background-removals", &json!({"video": mp4}))
        .await;
    assert_eq!(status, 402, "{refused}");
    assert_eq!(refused["error"]["code"], "insufficient_credit");
    let (_, me) = mock.get_json("/v3/users/me").await;
    assert_eq!(me["data"]["wallet"]["remaining_balance"], json!(0), "{me}");

    mock.advance(60.0).await;
    let (_, failed) = mock.get_json(&format!("/v3/lipsyncs/{lipsync}")).await;
    assert_eq!(failed["data"]["status"], "failed");
    assert_eq!(
        failed["data"]["failure_message"],
        "No face found in the video"
    );
    assert!(failed["data"]["video_url"].is_null());
    let (_, failed) = mock.get_json(&format!("/v3/ai-clipping/{clipping}")).await;
    assert_eq!(failed["data"]["status"], "failed");
    assert_eq!(failed["data"]["failure_message"], "The video has no speech");
    assert!(
        failed["data"]["clips"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "failed" && c["video_url"].is_null())
    );
}

#[tokio::test]
async fn background_removal_request_ids_replay_the_original_job_and_ignore_idempotency_keys() {
    let mock = Mock::with_config(Config {
        credits: Some(5),
        ..Config::for_tests()
    })
    .await;
    let mp4 = json!({"type": "url", "url": "https://example.com/a.mp4"});
    let (_, first) = mock
        .post_json(
            "/v3/background-removals",
            &json!({"video": mp4, "request_id": "r1", "layers": ["mask"]}),
        )
        .await;
    // Another body with the same request_id: the original job, not a new one, and no charge.
    let (status, again) = mock
        .post_json(
            "/v3/background-removals",
            &json!({"video": mp4, "request_id": "r1"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["data"]["id"], first["data"]["id"]);
    let (_, me) = mock.get_json("/v3/users/me").await;
    assert_eq!(me["data"]["wallet"]["remaining_balance"], json!(4));
    // The Idempotency-Key header is not honored here: two requests, two jobs.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let answer: Value = mock
            .http
            .post(format!("{}/v3/background-removals", mock.url()))
            .header("X-Api-Key", API_KEY)
            .header("Idempotency-Key", "same-key")
            .json(&json!({"video": mp4}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(answer["data"]["id"].as_str().unwrap().to_owned());
    }
    assert_ne!(ids[0], ids[1]);
    // Only the requested layer is produced, and only it is served.
    mock.advance(60.0).await;
    let id = first["data"]["id"].as_str().unwrap();
    let (_, done) = mock
        .get_json(&format!("/v3/background-removals/{id}"))
        .await;
    let layers = done["data"]["layers"].as_object().unwrap();
    assert_eq!(layers.keys().collect::<Vec<_>>(), ["mask"]);
    let mask = layers["mask"].as_str().unwrap();
    let other = mask.replace("mask.mp4", "background.mp4");
    assert_eq!(mock.http.get(mask).send().await.unwrap().status(), 200);
    assert_ne!(mock.http.get(&other).send().await.unwrap().status(), 200);
    // A reset forgets request ids with the jobs.
    let (status, _) = mock.post_json("/_mock/reset", &json!({})).await;
    assert_eq!(status, 200);
    let (_, after) = mock
        .post_json(
            "/v3/background-removals",
            &json!({"video": mp4, "request_id": "r1"}),
        )
        .await;
    assert_ne!(after["data"]["id"], first["data"]["id"]);
}

#[tokio::test]
async fn clip_progress_is_live_on_read_and_coarse_in_lists() {
    let mock = Mock::start().await;
    let (_, created) = mock
        .post_json(
            "/v3/ai-clipping",
            &json!({"video": {"type": "url", "url": "https://example.com/a.mp4"}}),
        )
        .await;
    let id = created["data"]["id"].as_str().unwrap().to_owned();
    // Advance to the middle of processing: a 60 s clip renders for 2× the job duration.
    let (_, job) = mock.get_json(&format!("/v3/ai-clipping/{id}")).await;
    assert_eq!(job["data"]["status"], "pending");
    let mut seen = None;
    for _ in 0..40 {
        mock.advance(0.5).await;
        let (_, job) = mock.get_json(&format!("/v3/ai-clipping/{id}")).await;
        let progress = job["data"]["progress"].as_i64().unwrap();
        if job["data"]["status"] == "running" && progress > 0 {
            seen = Some(progress);
            let (_, list) = mock.get_json("/v3/ai-clipping").await;
            assert_eq!(list["data"][0]["progress"], 0, "lists are coarse");
            break;
        }
    }
    assert!(seen.is_some_and(|p| p < 100), "live progress while running");
}

#[tokio::test]
async fn voice_clones_follow_the_clock_and_reset_forgets_clones_and_speech() {
    let mock = Mock::start().await;
    let (_, created) = mock
        .post_json(
            "/v3/voices/clone",
            &json!({"voice_name": "Me", "audio": {"type": "url", "url": "https://example.com/me.wav"}}),
        )
        .await;
    let id = created["data"]["voice_clone_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A clone renders like a 30-second job: processing until the job duration has passed.
    mock.advance(1.0).await;
    let (_, voice) = mock.get_json(&format!("/v3/voices/{id}")).await;
    assert_eq!(voice["data"]["status"], "processing", "{voice}");
    mock.advance(60.0).await;
    let (_, voice) = mock.get_json(&format!("/v3/voices/{id}")).await;
    assert_eq!(voice["data"]["status"], "complete", "{voice}");
    let (status, speech) = mock
        .post_json(
            "/v3/voices/speech",
            &json!({"text": "Before the reset.", "voice_id": id}),
        )
        .await;
    assert_eq!(status, 200, "{speech}");
    let audio = speech["data"]["audio_url"].as_str().unwrap().to_owned();
    assert_eq!(mock.http.get(&audio).send().await.unwrap().status(), 200);
    // A tampered link is refused like any media link.
    let tampered = audio.replace("Signature=", "Signature=00");
    assert_eq!(mock.http.get(&tampered).send().await.unwrap().status(), 403);

    assert_eq!(mock.post_json("/_mock/reset", &json!({})).await.0, 200);
    let (status, answer) = mock.get_json(&format!("/v3/voices/{id}")).await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (404, &json!("voice_not_found"))
    );
    assert_eq!(mock.http.get(&audio).send().await.unwrap().status(), 404);
    // The library survives a reset, tracks included.
    let (_, sounds) = mock.get_json("/v3/audio/sounds?query=lofi").await;
    let track = sounds["data"][0]["audio_url"].as_str().unwrap();
    assert_eq!(mock.http.get(track).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn v2_photo_avatar_groups_are_private_v3_groups_and_looks() {
    let mock = Mock::start().await;
    let client = mock.client();
    let dir = std::env::temp_dir().join(format!("heygen-v2-in-v3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jpeg = dir.join("lina.jpg");
    std::fs::write(&jpeg, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let asset = heygen_api::assets::upload_file(&client, &jpeg, |_, _| {})
        .await
        .unwrap();
    let (status, group) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/create",
            &json!({"name": "Lina", "image_key": asset.asset_id}),
        )
        .await;
    assert_eq!(status, 200, "{group}");
    let group_id = group["data"]["group_id"].as_str().unwrap().to_owned();
    let look_id = group["data"]["id"].as_str().unwrap().to_owned();

    // The v2 group and its first look, in v3 words: private, a photo avatar, processing.
    let (_, look) = mock.get_json(&format!("/v3/avatars/looks/{look_id}")).await;
    assert_eq!(look["data"]["avatar_type"], "photo_avatar");
    assert_eq!(look["data"]["group_id"], group_id.as_str());
    assert_eq!(look["data"]["status"], "processing");
    let (_, own) = mock.get_json("/v3/avatars?ownership=private").await;
    assert_eq!(own["data"][0]["id"], group_id.as_str());
    assert_eq!(own["data"][0]["name"], "Lina");
    mock.advance(3600.0).await;
    let (_, group) = mock.get_json(&format!("/v3/avatars/{group_id}")).await;
    assert_eq!(group["data"]["status"], "completed");
    assert_eq!(group["data"]["looks_count"], 1);

    // Renamed through v3, read through v2; deleted through v3, gone from v2.
    let (status, _) = mock
        .patch_json(
            &format!("/v3/avatars/looks/{look_id}"),
            &json!({"name": "Lina, smiling"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, v2) = mock.get_json(&format!("/v2/photo_avatar/{look_id}")).await;
    assert_eq!(v2["data"]["name"], "Lina, smiling");
    let (status, _) = mock.delete_json(&format!("/v3/avatars/{group_id}")).await;
    assert_eq!(status, 200);
    let (status, _) = mock.get_json(&format!("/v2/photo_avatar/{look_id}")).await;
    assert_eq!(status, 404);
    let (status, answer) = mock.get_json(&format!("/v3/avatars/{group_id}")).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (404, json!("not_found"))
    );
    std::fs::remove_dir_all(&dir).ok();
}
