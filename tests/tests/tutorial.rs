//! The HeyGen tutorial, step by step, through the generated client against the mock, with the
//! clock advanced instead of sleeping. Every spec operation is exercised here, and the last
//! assertion proves it.

use std::collections::BTreeSet;

use heygen_api::{Error, types};
use heygen_spec::Spec;
use heygen_tests::{Mock, body, tutorial_video_request};
use serde_json::json;

#[tokio::test]
async fn the_tutorial_runs_against_the_mock_and_covers_every_operation() {
    let mock = Mock::start().await;
    let client = mock.client();

    // Avatars and voices.
    let avatars = client.list_avatars().send().await.unwrap();
    assert!(avatars.data.avatars.len() >= 36);
    assert!(
        avatars
            .data
            .avatars
            .iter()
            .any(|a| a.avatar_id == "Angela-inblackskirt-20220820")
    );
    let voices = client.list_voices().send().await.unwrap();
    let english = voices
        .data
        .voices
        .iter()
        .filter(|v| v.language == "English")
        .count();
    assert!(english >= 3, "{english}");
    let rex = voices
        .data
        .voices
        .iter()
        .find(|v| v.voice_id == "26b2064088674c80b1e5fc5ab1a068ec")
        .unwrap();
    assert_eq!(
        (rex.name.as_str(), rex.gender.as_deref()),
        ("Rex", Some("male"))
    );

    // A simple video: pending → processing → completed, on the mock clock.
    let created = client
        .generate_video()
        .body(body::<types::VideoGenerateRequest>(tutorial_video_request()))
        .send()
        .await
        .unwrap();
    let video_id = created.data.video_id.clone();
    let status = client
        .get_video_status()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(status.data.status, types::VideoStatusValue::Pending);
    assert!(status.data.video_url.is_none());
    mock.advance(1.0).await;
    let status = client
        .get_video_status()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(status.data.status, types::VideoStatusValue::Processing);
    mock.advance(60.0).await;
    let status = client
        .get_video_status()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status.data.status,
        types::VideoStatusValue::Completed,
        "{status:?}"
    );
    let duration = status.data.duration.unwrap();
    assert!(
        (4.0..12.0).contains(&duration),
        "19 words at speed 1.1 last {duration}s"
    );

    // Download: a real MP4.
    let video_url = status.data.video_url.clone().unwrap();
    let bytes = mock
        .http
        .get(&video_url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "an MP4 starts with an ftyp box");
    let thumbnail = mock
        .http
        .get(status.data.thumbnail_url.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(thumbnail.headers()["content-type"], "image/jpeg");

    // Templates: list, read, generate with every variable type the template has.
    let templates = client.list_templates().send().await.unwrap();
    assert!(
        templates
            .data
            .templates
            .iter()
            .any(|t| t.template_id == "abcdef123456" && t.title == "Product Announcement")
    );
    let template = client
        .get_template()
        .template_id("abcdef123456")
        .send()
        .await
        .unwrap();
    let product_image = &template.data.variables["product_image"];
    assert_eq!(product_image.type_, types::TemplateVariableType::Image);
    assert_eq!(
        product_image.properties.default_url.as_deref(),
        Some("https://example.com/default-image.jpg")
    );
    let product: types::TemplateGenerateRequest = body(json!({
        "caption": false,
        "title": "Personalized Welcome",
        "variables": {
            "company_name": {"name": "company_name", "type": "text", "properties": {"content": "Acme Corporation"}},
            "product_name": {"name": "product_name", "type": "text", "properties": {"content": "Super Widget Pro"}},
            "key_benefit": {"name": "key_benefit", "type": "text", "properties": {"content": "30% faster productivity and seamless integration"}},
            "product_image": {"name": "product_image", "type": "image", "properties": {"url": "https://example.com/product-image.jpg"}}
        }
    }));
    let templated = client
        .generate_from_template()
        .template_id("abcdef123456")
        .body(product)
        .send()
        .await
        .unwrap();
    let weekly: types::TemplateGenerateRequest = body(json!({
        "variables": {
            "presenter": {"name": "presenter", "type": "avatar", "properties": {"avatar_id": "Daisy-inskirt-20220818"}},
            "narrator_voice": {"name": "narrator_voice", "type": "voice", "properties": {"voice_id": "26b2064088674c80b1e5fc5ab1a068ec"}},
            "b_roll": {"name": "b_roll", "type": "video", "properties": {"url": "https://example.com/b.mp4"}},
            "music": {"name": "music", "type": "audio", "properties": {"url": "https://example.com/m.mp3"}}
        }
    }));
    client
        .generate_from_template()
        .template_id("ghijkl789012")
        .body(weekly)
        .send()
        .await
        .unwrap();
    mock.advance(600.0).await;
    let status = client
        .get_video_status()
        .video_id(&templated.data.video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(status.data.status, types::VideoStatusValue::Completed);

    // Photo avatar: create, wait, then star in a video.
    let photo = client
        .generate_photo_avatar()
        .body(body::<types::PhotoAvatarGenerateRequest>(json!({"name": "John Doe Avatar", "gender": "male", "image_url": "https://example.com/john-photo.jpg"})))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.data.status, types::JobStatusValue::Pending);
    let photo_id = photo.data.photo_avatar_id.clone();
    assert!(photo_id.starts_with("phav_"));
    let not_ready = json!({"video_inputs": [{"character": {"type": "photo_avatar", "photo_avatar_id": photo_id}, "voice": {"type": "silence"}}]});
    let refused = client
        .generate_video()
        .body(body::<types::VideoGenerateRequest>(not_ready.clone()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    mock.advance(60.0).await;
    let photo = client
        .get_photo_avatar()
        .photo_avatar_id(&photo_id)
        .send()
        .await
        .unwrap();
    assert_eq!(photo.data.status, types::JobStatusValue::Completed);
    assert!(photo.data.preview_url.is_some());
    client
        .generate_video()
        .body(body::<types::VideoGenerateRequest>(not_ready))
        .send()
        .await
        .unwrap();

    // Translation.
    let translation = client
        .translate_video()
        .body(body::<types::VideoTranslateRequest>(json!({"video_url": "https://example.com/original-video.mp4", "target_language": "es", "voice_id": "spanish_voice_id"})))
        .send()
        .await
        .unwrap();
    let vt = translation.data.video_translate_id.clone();
    assert!(vt.starts_with("vt_"));
    mock.advance(600.0).await;
    let done = client
        .get_video_translate_status()
        .video_translate_id(&vt)
        .send()
        .await
        .unwrap();
    assert_eq!(done.data.status, types::JobStatusValue::Completed);
    assert!(done.data.video_url.is_some());

    // Webhook endpoints: a local receiver answers the OPTIONS probe.
    let receiver = Receiver::start().await;
    let events = client.list_webhook_event_types().send().await.unwrap();
    assert!(
        events
            .data
            .contains(&types::WebhookEventType::AvatarVideoSuccess)
    );
    assert_eq!(events.data.len(), 11);
    let added = client
        .add_webhook_endpoint()
        .body(body::<types::WebhookEndpointAddRequest>(
            json!({"url": receiver.url(), "events": ["avatar_video.success", "avatar_video.fail"]}),
        ))
        .send()
        .await
        .unwrap();
    let endpoint_id = added.data.endpoint_id.clone();
    assert!(added.data.secret.as_deref().is_some_and(|s| s.len() > 10));
    let listed = client.list_webhook_endpoints().send().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    let updated = client
        .update_webhook_endpoint()
        .body(body::<types::WebhookEndpointUpdateRequest>(json!({"endpoint_id": endpoint_id, "events": ["avatar_video.success", "avatar_video.fail", "video_translate.success"]})))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.data.events.as_ref().map(Vec::len), Some(3));
    client
        .delete_webhook_endpoint()
        .endpoint_id(&endpoint_id)
        .send()
        .await
        .unwrap();
    let gone = client
        .delete_webhook_endpoint()
        .endpoint_id(&endpoint_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));

    // OAuth: consent page, decision, code exchange with PKCE, account, refresh.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = heygen_mock::areas::oauth::pkce_challenge(verifier);
    let page = client
        .oauth_authorize()
        .client_id("abcdef123456")
        .redirect_uri("https://yourapp.com/oauth/callback")
        .response_type(types::OauthAuthorizeResponseType::Code)
        .state("xyz789")
        .code_challenge(challenge.clone())
        .code_challenge_method(types::OauthAuthorizeCodeChallengeMethod::S256)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let query = mock
        .approve(&[
            ("client_id", "abcdef123456"),
            ("redirect_uri", "https://yourapp.com/oauth/callback"),
            ("state", "xyz789"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_eq!(query["state"], "xyz789");
    let token = client
        .exchange_oauth_token()
        .body(body::<types::OAuthTokenRequest>(json!({
            "code": query["code"], "client_id": "abcdef123456", "grant_type": "authorization_code",
            "redirect_uri": "https://yourapp.com/oauth/callback", "code_verifier": verifier
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(token.token_type, "Bearer");
    assert_eq!(token.expires_in, 864_000);
    let bearer = mock
        .builder()
        .bearer_token(token.access_token.clone())
        .build()
        .unwrap();
    let account = bearer.get_account().send().await.unwrap();
    assert_eq!(account.data.client_id.as_deref(), Some("abcdef123456"));
    // A bearer token works on the API routes too.
    bearer.list_avatars().send().await.unwrap();
    let refreshed = client
        .refresh_oauth_token()
        .body(body::<types::OAuthRefreshRequest>(json!({
            "client_id": "abcdef123456", "grant_type": "refresh_token", "refresh_token": token.refresh_token
        })))
        .send()
        .await
        .unwrap();
    assert_ne!(refreshed.access_token, token.access_token);

    // Each documented error through the typed client.
    match client
        .get_video_status()
        .video_id("no-such-video")
        .send()
        .await
    {
        Err(Error::ErrorResponse(e)) => assert_eq!((e.status().as_u16(), e.code), (404, 40004)),
        other => panic!("expected 404, got {other:?}"),
    }
    let unauthenticated = mock.builder().build().unwrap();
    match unauthenticated.list_voices().send().await {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!((e.status().as_u16(), e.error.code), (401, 40001))
        }
        other => panic!("expected 401, got {other:?}"),
    }
    // Schema-valid but against the rules: this voice has no emotions.
    let emotional: types::VideoGenerateRequest = body(json!({"video_inputs": [{"voice": {
        "type": "text", "input_text": "hi", "voice_id": "2d5b0e6cf36f460aa7fc47e3eee4ba54", "emotion": "Excited"
    }}]}));
    match client.generate_video().body(emotional).send().await {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!((e.status().as_u16(), e.error.code), (400, 40011));
            assert!(
                e.error.message.contains("video_inputs[0].voice.emotion"),
                "{}",
                e.error.message
            );
        }
        other => panic!("expected 400, got {other:?}"),
    }
    // Out of the schema's range: only a hand-made request can send it (the client's types would).
    let (status, body) = mock
        .post_json("/v2/video/generate", &json!({"video_inputs": [{"voice": {
            "type": "text", "input_text": "hi", "voice_id": "26b2064088674c80b1e5fc5ab1a068ec", "speed": 2.0
        }}]}))
        .await;
    assert_eq!((status, body["error"]["code"].as_i64()), (400, Some(40011)));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("video_inputs[0].voice.speed"),
        "{body}"
    );
    match client.get_template().template_id("nope").send().await {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.error.code, 40004),
        other => panic!("expected 404, got {other:?}"),
    }

    // Coverage: every operation in the spec answered at least once, with a success.
    let exercised: BTreeSet<String> = mock
        .report
        .exercised()
        .into_iter()
        .filter(|(_, status)| *status < 400)
        .map(|(op, _)| op)
        .collect();
    // The v3 operations (v3.rs) and the legacy ones the tutorial does not show (legacy.rs)
    // have their own end-to-end suites, with the same check.
    let all: BTreeSet<String> = Spec::embedded()
        .operations()
        .iter()
        .filter(|o| o.is_tutorial())
        .map(|o| o.operation_id.clone())
        .collect();
    let missing: Vec<_> = all.difference(&exercised).collect();
    assert!(
        missing.is_empty(),
        "operations the end-to-end suite never exercised: {missing:?}"
    );
}

/// A minimal receiver that answers OPTIONS probes and accepts POSTs.
struct Receiver {
    addr: std::net::SocketAddr,
    _task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start() -> Self {
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(|| async { "ok" }).options(|| async { "" }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Self { addr, _task: task }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }
}
