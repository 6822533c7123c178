//! The hand-written client helpers against the mock: retries through 429 storms and injected
//! 500s, waiting, downloads that refresh expired links, error codes, OAuth sessions that
//! refresh mid-session, and template variables.

use std::time::Duration;

use heygen_api::{
    download::{DownloadError, Media, download_video},
    errors::{HeyGenCode, HeyGenErrorExt},
    oauth::{OAuthClient, OAuthConfig, OAuthSession, Pkce, authorize_url, random_state},
    retry::RetryPolicy,
    types,
    variables::TemplateVariables,
    wait::{WaitError, WaitOptions, wait_for_photo_avatar, wait_for_translation, wait_for_video},
};
use heygen_mock::Config;
use heygen_tests::{API_KEY, Mock, fast_retries, quick_wait, tutorial_video_request};
use serde_json::json;

async fn requests_seen(mock: &Mock, path: &str) -> usize {
    let (_, log) = mock.get_json("/_mock/requests").await;
    log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == path)
        .count()
}

fn video_request() -> types::VideoGenerateRequest {
    serde_json::from_value(tutorial_video_request()).unwrap()
}

#[tokio::test]
async fn retries_ride_through_a_429_storm_and_injected_500s() {
    let mock = Mock::start().await;
    let client = mock
        .builder()
        .api_key(API_KEY)
        .retry(fast_retries())
        .build()
        .unwrap();

    mock.put_json(
        "/_mock/faults",
        &json!({"rate_limit_next": 3, "retry_after": 0}),
    )
    .await;
    let avatars = client
        .list_avatars()
        .send()
        .await
        .expect("retried past three 429s");
    assert!(!avatars.data.avatars.is_empty());
    assert_eq!(requests_seen(&mock, "/v2/avatars").await, 4);

    mock.put_json("/_mock/faults", &json!({"fail_next": 2}))
        .await;
    client
        .list_voices()
        .send()
        .await
        .expect("retried past two 500s");
    assert_eq!(requests_seen(&mock, "/v2/voices").await, 3);

    // A POST that failed with 500 may have done its work: not retried unless opted in.
    mock.put_json("/_mock/faults", &json!({"fail_next": 1}))
        .await;
    let error = client
        .generate_video()
        .body(video_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.heygen_code(), Some(HeyGenCode::Internal));
    // ... but a 429 is always safe to resend.
    mock.put_json(
        "/_mock/faults",
        &json!({"rate_limit_next": 2, "retry_after": 0}),
    )
    .await;
    client
        .generate_video()
        .body(video_request())
        .send()
        .await
        .expect("429 retried for POST");

    let opted_in = mock
        .builder()
        .api_key(API_KEY)
        .retry(RetryPolicy {
            retry_unsafe: true,
            ..fast_retries()
        })
        .build()
        .unwrap();
    mock.put_json("/_mock/faults", &json!({"fail_next": 1}))
        .await;
    opted_in
        .generate_video()
        .body(video_request())
        .send()
        .await
        .expect("opted-in POST retried");

    // The budget is bounded: five 500s outlast four retries.
    mock.put_json("/_mock/faults", &json!({"fail_next": 5}))
        .await;
    let error = client.list_templates().send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(requests_seen(&mock, "/v2/templates").await, 5);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let mock = Mock::start().await;
    let client = mock
        .builder()
        .api_key(API_KEY)
        .retry(RetryPolicy {
            max_delay: Duration::from_secs(5),
            ..fast_retries()
        })
        .build()
        .unwrap();
    mock.put_json(
        "/_mock/faults",
        &json!({"rate_limit_next": 1, "retry_after": 1}),
    )
    .await;
    let started = std::time::Instant::now();
    client.list_avatars().send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn waiting_ends_in_a_result_a_typed_failure_or_a_timeout() {
    let mock = Mock::with_config(Config {
        job_duration: Duration::ZERO,
        ..Config::for_tests()
    })
    .await;
    let client = mock.client();
    let created = client
        .generate_video()
        .body(video_request())
        .send()
        .await
        .unwrap();
    let mut seen = Vec::new();
    let done = wait_for_video(&client, &created.data.video_id, &quick_wait(), |p| {
        seen.push(p.status.to_owned())
    })
    .await
    .unwrap();
    assert_eq!(done.status, types::VideoStatusValue::Completed);
    assert_eq!(seen, ["completed"]);

    let failing = mock
        .http
        .post(format!("{}/v2/video/generate", mock.url()))
        .header("X-Api-Key", API_KEY)
        .header("X-Mock-Outcome", "failed")
        .header("X-Mock-Error-Code", "40119")
        .header("X-Mock-Error-Message", "Video is too long")
        .json(&tutorial_video_request())
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let id = failing["data"]["video_id"].as_str().unwrap();
    match wait_for_video(&client, id, &quick_wait(), |_| {}).await {
        Err(WaitError::Failed { code, message, .. }) => {
            assert_eq!(code, HeyGenCode::VideoTooLong);
            assert_eq!(message, "Video is too long");
        }
        other => panic!("expected a failure, got {other:?}"),
    }

    let photo = client
        .generate_photo_avatar()
        .body(
            serde_json::from_value::<types::PhotoAvatarGenerateRequest>(
                json!({"name": "n", "image_url": "https://x/p.jpg"}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let photo = wait_for_photo_avatar(&client, &photo.data.photo_avatar_id, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert!(photo.preview_url.is_some());
    let vt = client
        .translate_video()
        .body(
            serde_json::from_value::<types::VideoTranslateRequest>(
                json!({"video_url": "https://x/v.mp4", "target_language": "de"}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let vt = wait_for_translation(&client, &vt.data.video_translate_id, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(vt.output_language.as_deref(), Some("de"));
}

#[tokio::test]
async fn waiting_times_out_on_a_frozen_clock() {
    let mock = Mock::start().await;
    let client = mock.client();
    let created = client
        .generate_video()
        .body(video_request())
        .send()
        .await
        .unwrap();
    let options = WaitOptions {
        timeout: Duration::from_millis(60),
        ..quick_wait()
    };
    let mut polls = 0;
    match wait_for_video(&client, &created.data.video_id, &options, |p| {
        polls = p.polls
    })
    .await
    {
        Err(WaitError::Timeout { last_status, .. }) => assert_eq!(last_status, "pending"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(polls >= 2, "polled {polls} times");
}

#[tokio::test]
async fn downloads_stream_to_a_file_and_refresh_expired_links() {
    let mock = Mock::start().await;
    let client = mock.client();
    let created = client
        .generate_video()
        .body(video_request())
        .send()
        .await
        .unwrap();
    let id = created.data.video_id.clone();
    let dir = std::env::temp_dir().join(format!("heygen-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("video.mp4");

    match download_video(&client, &id, Media::Video, None, &path, |_, _| {}).await {
        Err(DownloadError::NotReady { status, .. }) => assert_eq!(status, "pending"),
        other => panic!("expected not ready, got {other:?}"),
    }
    mock.advance(120.0).await;
    let status = client
        .get_video_status()
        .video_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let stale = status.video_url.unwrap();
    mock.advance(8.0 * 24.0 * 3600.0).await;
    assert_eq!(
        mock.http.get(&stale).send().await.unwrap().status(),
        403,
        "the old link expired"
    );

    let mut last = (0, None);
    let written = download_video(
        &client,
        &id,
        Media::Video,
        Some(&stale),
        &path,
        |done, total| last = (done, total),
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as u64, written);
    assert_eq!(&bytes[4..8], b"ftyp");
    assert_eq!(last, (written, Some(written)));
    assert!(!dir.join("video.mp4.part").exists());
    match download_video(
        &client,
        &id,
        Media::Captions,
        None,
        &dir.join("c.ass"),
        |_, _| {},
    )
    .await
    {
        Err(DownloadError::NoSuchMedia { .. }) => {}
        other => panic!("captions were not asked for: {other:?}"),
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn error_codes_come_from_any_failed_call() {
    let mock = Mock::start().await;
    let client = mock.client();
    let e = client
        .get_video_status()
        .video_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.heygen_code(), Some(HeyGenCode::NotFound));
    assert!(e.heygen_message().unwrap().contains("nope"));
    let e = client
        .get_template()
        .template_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.heygen_code(), Some(HeyGenCode::NotFound));
    let anonymous = mock.builder().build().unwrap();
    let e = anonymous.list_avatars().send().await.unwrap_err();
    assert_eq!(e.heygen_code(), Some(HeyGenCode::Unauthorized));
}

#[tokio::test]
async fn an_oauth_session_refreshes_a_token_that_expires_mid_session() {
    let mock = Mock::with_config(Config {
        oauth_token_ttl: Duration::from_secs(3600),
        ..Config::for_tests()
    })
    .await;
    let config = OAuthConfig::new("client-1", "http://localhost/callback").base_url(mock.url());
    let pkce = Pkce::new();
    let state = random_state();
    let url = authorize_url(
        &format!("{}/oauth/authorize", mock.url()),
        &config,
        &state,
        Some(&pkce),
    )
    .unwrap();
    assert_eq!(
        mock.http.get(url).send().await.unwrap().status(),
        200,
        "the consent page renders"
    );
    let q = mock
        .approve(&[
            ("client_id", "client-1"),
            ("redirect_uri", "http://localhost/callback"),
            ("state", &state),
            ("code_challenge", &pkce.challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_eq!(q["state"], state);

    let oauth = OAuthClient::new(config).unwrap();
    let tokens = oauth
        .exchange_code(&q["code"], Some(pkce.verifier.expose()))
        .await
        .unwrap();
    let session = OAuthSession::new(oauth, tokens.clone());
    let client = mock
        .builder()
        .oauth_session(session.clone())
        .build()
        .unwrap();
    client.get_account().send().await.unwrap();

    // The mock's clock runs ahead of ours: the token dies while the client still trusts it.
    mock.advance(3601.0).await;
    let account = client
        .get_account()
        .send()
        .await
        .expect("refreshed after a 401 and resent");
    assert_eq!(account.data.client_id.as_deref(), Some("client-1"));
    let now = session.tokens().await;
    assert_ne!(now.access_token, tokens.access_token);
    assert_ne!(
        now.refresh_token, tokens.refresh_token,
        "refresh tokens rotate"
    );
    client.list_avatars().send().await.unwrap();
}

#[tokio::test]
async fn template_variables_build_the_tutorials_request() {
    let mock = Mock::start().await;
    let request = TemplateVariables::from_iter([
        ("company_name", "Acme Corporation"),
        ("product_name", "Super Widget Pro"),
        (
            "key_benefit",
            "30% faster productivity and seamless integration",
        ),
    ])
    .image("product_image", "https://example.com/product-image.jpg")
    .into_request("Product Launch Video");
    let created = mock
        .client()
        .generate_from_template()
        .template_id("abcdef123456")
        .body(request)
        .send()
        .await
        .unwrap();
    assert_eq!(created.data.video_id.len(), 32);
    let weekly = TemplateVariables::new()
        .avatar("presenter", "Daisy-inskirt-20220818")
        .voice("narrator_voice", "26b2064088674c80b1e5fc5ab1a068ec")
        .video("b_roll", "https://example.com/b.mp4")
        .audio("music", "https://example.com/m.mp3")
        .into_request("Weekly");
    mock.client()
        .generate_from_template()
        .template_id("ghijkl789012")
        .body(weekly)
        .send()
        .await
        .unwrap();
}
