//! One success and the main errors of every operation, as insta snapshots (ids, links, secrets
//! and times redacted), so any change in what the mock answers shows up in review.
//! Accept intended changes with `INSTA_UPDATE=always cargo test -p heygen-tests --test snapshots`.

use heygen_mock::Config;
use heygen_tests::{Mock, redact, tutorial_video_request};
use serde_json::{Value, json};

fn snap(name: &str, (status, body): (u16, Value)) {
    insta::assert_json_snapshot!(name, json!({"status": status, "body": redact(&body)}));
}

/// Long catalogue lists are cut to their first two entries plus the count.
fn first_two(mut answer: (u16, Value), list: &str) -> (u16, Value) {
    if let Some(items) = answer.1["data"][list].as_array_mut() {
        let count = items.len();
        items.truncate(2);
        answer.1["data"][format!("{list}_count")] = json!(count);
    }
    answer
}

async fn form(mock: &Mock, path: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let (status, _, body) = mock.post_form(path, fields).await;
    (status, body)
}

async fn anonymous(mock: &Mock, path: &str) -> (u16, Value) {
    let response = mock
        .http
        .get(format!("{}{path}", mock.url()))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn catalogue() {
    let mock = Mock::start().await;
    snap(
        "list_avatars_200",
        first_two(mock.get_json("/v2/avatars").await, "avatars"),
    );
    snap("list_avatars_401", anonymous(&mock, "/v2/avatars").await);
    snap(
        "list_voices_200",
        first_two(mock.get_json("/v2/voices").await, "voices"),
    );
    snap("list_templates_200", mock.get_json("/v2/templates").await);
    snap(
        "get_template_200",
        mock.get_json("/v2/template/abcdef123456").await,
    );
    snap("get_template_404", mock.get_json("/v2/template/nope").await);
}

#[tokio::test]
async fn videos() {
    let mock = Mock::with_config(Config {
        plan_limit_seconds: 5.0,
        ..Config::for_tests()
    })
    .await;
    let mut short = tutorial_video_request();
    short["video_inputs"][0]["voice"]["input_text"] = json!("Hi.");
    let created = mock.post_json("/v2/video/generate", &short).await;
    let id = created.1["data"]["video_id"].as_str().unwrap().to_owned();
    snap("generate_video_200", created);
    let mut bad = tutorial_video_request();
    bad["video_inputs"][0]["voice"]["speed"] = json!(3.0);
    snap(
        "generate_video_400",
        mock.post_json("/v2/video/generate", &bad).await,
    );
    let mut unknown = tutorial_video_request();
    unknown["video_inputs"][0]["character"]["avatar_id"] = json!("Nobody-20990101");
    snap(
        "generate_video_404",
        mock.post_json("/v2/video/generate", &unknown).await,
    );
    snap(
        "get_video_status_200_pending",
        mock.get_json(&format!("/v1/video_status.get?video_id={id}"))
            .await,
    );
    mock.advance(60.0).await;
    snap(
        "get_video_status_200_completed",
        mock.get_json(&format!("/v1/video_status.get?video_id={id}"))
            .await,
    );
    let (_, long) = mock
        .post_json("/v2/video/generate", &tutorial_video_request())
        .await;
    mock.advance(60.0).await;
    let long_id = long["data"]["video_id"].as_str().unwrap();
    snap(
        "get_video_status_200_failed",
        mock.get_json(&format!("/v1/video_status.get?video_id={long_id}"))
            .await,
    );
    snap(
        "get_video_status_400",
        mock.get_json("/v1/video_status.get").await,
    );
    snap(
        "get_video_status_404",
        mock.get_json("/v1/video_status.get?video_id=nope").await,
    );

    let variables = json!({"variables": {"company_name": {"name": "company_name", "type": "text", "properties": {"content": "Acme"}}}});
    snap(
        "generate_from_template_200",
        mock.post_json("/v2/template/abcdef123456/generate", &variables)
            .await,
    );
    let wrong = json!({"variables": {"company_name": {"name": "company_name", "type": "image", "properties": {"url": "https://x"}}}});
    snap(
        "generate_from_template_400",
        mock.post_json("/v2/template/abcdef123456/generate", &wrong)
            .await,
    );
}

#[tokio::test]
async fn photo_avatars_and_translations() {
    let mock = Mock::start().await;
    let photo = json!({"name": "John Doe Avatar", "gender": "male", "image_url": "https://example.com/john-photo.jpg"});
    snap(
        "generate_photo_avatar_200",
        mock.post_json("/v1/photo_avatar.generate", &photo).await,
    );
    snap(
        "generate_photo_avatar_400",
        mock.post_json("/v1/photo_avatar.generate", &json!({"name": "x"}))
            .await,
    );
    snap(
        "get_photo_avatar_200",
        mock.get_json("/v1/photo_avatar.get?photo_avatar_id=phav_abcdef123456")
            .await,
    );
    snap(
        "get_photo_avatar_404",
        mock.get_json("/v1/photo_avatar.get?photo_avatar_id=nope")
            .await,
    );
    let translate = json!({"video_url": "https://example.com/original-video.mp4", "target_language": "es", "voice_id": "spanish_voice_id"});
    snap(
        "translate_video_200",
        mock.post_json("/v1/video_translate", &translate).await,
    );
    snap(
        "translate_video_400",
        mock.post_json("/v1/video_translate", &json!({"video_url": "https://x"}))
            .await,
    );
    snap(
        "get_video_translate_status_200",
        mock.get_json("/v1/video_translate_status.get?video_translate_id=vt_abcdef123456")
            .await,
    );
    snap(
        "get_video_translate_status_404",
        mock.get_json("/v1/video_translate_status.get?video_translate_id=nope")
            .await,
    );
}

#[tokio::test]
async fn webhooks() {
    let mock = Mock::with_config(Config {
        webhook_validate_urls: false,
        ..Config::for_tests()
    })
    .await;
    snap(
        "list_webhook_event_types_200",
        mock.get_json("/v1/webhook/webhook.list").await,
    );
    let added = mock
        .post_json("/v1/webhook/endpoint.add", &json!({"url": "https://your-endpoint.com/webhook", "events": ["avatar_video.success", "avatar_video.fail"]}))
        .await;
    let endpoint_id = added.1["data"]["endpoint_id"].as_str().unwrap().to_owned();
    snap("add_webhook_endpoint_200", added);
    snap(
        "add_webhook_endpoint_400",
        mock.post_json(
            "/v1/webhook/endpoint.add",
            &json!({"url": "https://x", "events": ["nope"]}),
        )
        .await,
    );
    snap(
        "list_webhook_endpoints_200",
        mock.get_json("/v1/webhook/endpoint.list").await,
    );
    let update = json!({"endpoint_id": endpoint_id, "events": ["video_translate.success"]});
    let patch = "/v1/webhook/endpoint.update";
    snap(
        "update_webhook_endpoint_200",
        mock.patch_json(patch, &update).await,
    );
    snap(
        "update_webhook_endpoint_404",
        mock.patch_json(patch, &json!({"endpoint_id": "nope"}))
            .await,
    );
    let delete = format!("/v1/webhook/endpoint.delete?endpoint_id={endpoint_id}");
    snap(
        "delete_webhook_endpoint_200",
        mock.delete_json(&delete).await,
    );
    snap(
        "delete_webhook_endpoint_404",
        mock.delete_json(&delete).await,
    );
}

#[tokio::test]
async fn oauth() {
    let mock = Mock::start().await;
    snap(
        "oauth_authorize_400",
        anonymous(
            &mock,
            "/oauth/authorize?client_id=c&redirect_uri=x&response_type=code",
        )
        .await,
    );
    let code = mock
        .approve(&[
            ("client_id", "c"),
            ("redirect_uri", "https://app.example/cb"),
        ])
        .await["code"]
        .clone();
    let token = form(
        &mock,
        "/v1/oauth/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "c"),
            ("code", &code),
            ("redirect_uri", "https://app.example/cb"),
        ],
    )
    .await;
    let refresh_token = token.1["refresh_token"].as_str().unwrap().to_owned();
    let access_token = token.1["access_token"].as_str().unwrap().to_owned();
    snap("exchange_oauth_token_200", token);
    snap(
        "exchange_oauth_token_400",
        form(
            &mock,
            "/v1/oauth/token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", "c"),
                ("code", "forged"),
            ],
        )
        .await,
    );
    snap(
        "refresh_oauth_token_200",
        form(
            &mock,
            "/v1/oauth/refresh_token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "c"),
                ("refresh_token", &refresh_token),
            ],
        )
        .await,
    );
    snap(
        "refresh_oauth_token_400",
        form(
            &mock,
            "/v1/oauth/refresh_token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "c"),
                ("refresh_token", &refresh_token),
            ],
        )
        .await,
    );
    let account = mock
        .http
        .get(format!("{}/v1/pacific/account.get", mock.url()))
        .bearer_auth(&access_token)
        .send()
        .await
        .unwrap();
    snap(
        "get_account_200",
        (account.status().as_u16(), account.json().await.unwrap()),
    );
    snap(
        "get_account_401",
        mock.get_json("/v1/pacific/account.get").await,
    );
}

#[tokio::test]
async fn v3() {
    let mock = Mock::with_config(Config {
        credits: Some(2),
        ..Config::for_tests()
    })
    .await;
    let video = json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "Hello from v3.", "voice_id": "1bd001e7e50f421d891986aad5158bc8", "title": "Hello", "caption": {"file_format": "srt"}});
    let created = mock.post_json("/v3/videos", &video).await;
    let id = created.1["data"]["video_id"].as_str().unwrap().to_owned();
    snap("create_video_v3_200", created);
    let mut slow = video.clone();
    slow["voice_settings"] = json!({"speed": 3});
    snap(
        "create_video_v3_400",
        mock.post_json("/v3/videos", &slow).await,
    );
    let mut nobody = video.clone();
    nobody["avatar_id"] = json!("Nobody-20990101");
    snap(
        "create_video_v3_404",
        mock.post_json("/v3/videos", &nobody).await,
    );
    snap(
        "get_video_v3_200_pending",
        mock.get_json(&format!("/v3/videos/{id}")).await,
    );
    mock.advance(60.0).await;
    snap(
        "get_video_v3_200_completed",
        mock.get_json(&format!("/v3/videos/{id}")).await,
    );
    snap("get_video_v3_404", mock.get_json("/v3/videos/nope").await);
    snap(
        "list_videos_v3_200",
        mock.get_json("/v3/videos?limit=2").await,
    );
    snap(
        "list_videos_v3_400",
        mock.get_json("/v3/videos?limit=0").await,
    );
    let batch = mock
        .post_json(
            "/v3/videos/batches",
            &json!({"title": "Two", "videos": [video, nobody]}),
        )
        .await;
    let batch_id = batch.1["data"]["batch_id"].as_str().unwrap().to_owned();
    snap("create_video_batch_v3_202", batch);
    snap(
        "get_video_batch_v3_200",
        mock.get_json(&format!("/v3/videos/batches/{batch_id}"))
            .await,
    );
    snap(
        "list_video_statuses_v3_200",
        mock.get_json(&format!(
            "/v3/videos/statuses?video_ids={id},nope&batch_ids={batch_id}"
        ))
        .await,
    );
    snap(
        "get_current_user_v3_200",
        mock.get_json("/v3/users/me").await,
    );
    snap(
        "create_video_v3_402",
        mock.post_json(
            "/v3/videos",
            &json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "audio_url": "https://example.com/a.mp3"}),
        )
        .await,
    );
    snap(
        "delete_video_v3_200",
        mock.delete_json(&format!("/v3/videos/{id}")).await,
    );
    snap(
        "delete_video_v3_404",
        mock.delete_json("/v3/videos/nope").await,
    );

    let (status, mut types) = mock.get_json("/v3/webhooks/event-types").await;
    let count = types["data"].as_array().map_or(0, Vec::len);
    if let Some(items) = types["data"].as_array_mut() {
        items.truncate(2);
    }
    types["data_count"] = json!(count);
    snap("list_webhook_event_types_v3_200", (status, types));
    let endpoint = mock
        .post_json(
            "/v3/webhooks/endpoints",
            &json!({"url": "http://127.0.0.1:9/hook", "events": ["avatar_video.success"]}),
        )
        .await;
    let endpoint_id = endpoint.1["data"]["endpoint_id"]
        .as_str()
        .unwrap()
        .to_owned();
    snap("create_webhook_endpoint_v3_200", endpoint);
    snap(
        "create_webhook_endpoint_v3_400",
        mock.post_json("/v3/webhooks/endpoints", &json!({"url": "ftp://x/y"}))
            .await,
    );
    snap(
        "list_webhook_endpoints_v3_200",
        mock.get_json("/v3/webhooks/endpoints").await,
    );
    snap(
        "update_webhook_endpoint_v3_200",
        mock.patch_json(
            &format!("/v3/webhooks/endpoints/{endpoint_id}"),
            &json!({"events": null}),
        )
        .await,
    );
    snap(
        "update_webhook_endpoint_v3_404",
        mock.patch_json("/v3/webhooks/endpoints/nope", &json!({}))
            .await,
    );
    snap(
        "rotate_webhook_secret_v3_200",
        mock.post_json(
            &format!("/v3/webhooks/endpoints/{endpoint_id}/rotate-secret"),
            &json!({}),
        )
        .await,
    );
    snap(
        "list_webhook_events_v3_200",
        mock.get_json("/v3/webhooks/events?limit=1").await,
    );
    snap(
        "delete_webhook_endpoint_v3_200",
        mock.delete_json(&format!("/v3/webhooks/endpoints/{endpoint_id}"))
            .await,
    );
    snap(
        "delete_webhook_endpoint_v3_404",
        mock.delete_json("/v3/webhooks/endpoints/nope").await,
    );
}

#[tokio::test]
async fn v3_assets() {
    let mock = Mock::start().await;
    let upload = |bytes: &'static [u8], name: &'static str| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        mock.http
            .post(format!("{}/v3/assets", mock.url()))
            .header("X-Api-Key", heygen_tests::API_KEY)
            .multipart(form)
            .send()
    };
    let answer = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        (status, r.json::<Value>().await.unwrap_or(Value::Null))
    };
    let uploaded = answer(
        upload(heygen_mock::core::media::THUMBNAIL_JPG, "face.jpg")
            .await
            .unwrap(),
    )
    .await;
    let asset_id = uploaded.1["data"]["asset_id"].as_str().unwrap().to_owned();
    snap("upload_asset_v3_200", uploaded);
    snap(
        "upload_asset_v3_400",
        answer(upload(b"not a media file", "notes.txt").await.unwrap()).await,
    );
    snap(
        "get_asset_v3_200",
        mock.get_json(&format!("/v3/assets/{asset_id}")).await,
    );
    snap("get_asset_v3_404", mock.get_json("/v3/assets/nope").await);
    snap(
        "list_assets_v3_200",
        mock.get_json("/v3/assets?username=mock-user").await,
    );
    snap("list_assets_v3_400", mock.get_json("/v3/assets").await);
    let slot = mock
        .post_json(
            "/v3/assets/direct-uploads",
            &json!({"filename": "clip.mp4", "content_type": "video/mp4", "size_bytes": 1024}),
        )
        .await;
    let pending = slot.1["data"]["asset_id"].as_str().unwrap().to_owned();
    snap("create_direct_upload_v3_200", slot);
    snap(
        "complete_direct_upload_v3_400",
        mock.post_json(&format!("/v3/assets/{pending}/complete"), &json!({}))
            .await,
    );
    snap(
        "search_assets_v3_200",
        mock.get_json("/v3/assets/search?query=pizza&type=image")
            .await,
    );
    snap(
        "delete_asset_v3_200",
        mock.delete_json(&format!("/v3/assets/{asset_id}")).await,
    );
}

#[tokio::test]
async fn v3_lipsyncs() {
    let mock = Mock::with_config(Config {
        credits: Some(1),
        ..Config::for_tests()
    })
    .await;
    let lipsync = json!({
        "video": {"type": "url", "url": "https://example.com/speaker.mp4"},
        "audio": {"type": "url", "url": "https://example.com/voice.mp3"},
        "title": "Dubbed",
        "enable_caption": true,
        "callback_id": "order-7",
    });
    let created = mock.post_json("/v3/lipsyncs", &lipsync).await;
    let id = created.1["data"]["lipsync_id"].as_str().unwrap().to_owned();
    snap("create_lipsync_v3_200", created);
    let mut ftp = lipsync.clone();
    ftp["audio"] = json!({"type": "url", "url": "ftp://example.com/voice.mp3"});
    snap(
        "create_lipsync_v3_400",
        mock.post_json("/v3/lipsyncs", &ftp).await,
    );
    let mut missing = lipsync.clone();
    missing["video"] = json!({"type": "asset_id", "asset_id": "nope"});
    snap(
        "create_lipsync_v3_404",
        mock.post_json("/v3/lipsyncs", &missing).await,
    );
    snap(
        "create_lipsync_v3_402",
        mock.post_json("/v3/lipsyncs", &lipsync).await,
    );
    snap(
        "get_lipsync_v3_200_pending",
        mock.get_json(&format!("/v3/lipsyncs/{id}")).await,
    );
    mock.advance(60.0).await;
    snap(
        "get_lipsync_v3_200_completed",
        mock.get_json(&format!("/v3/lipsyncs/{id}")).await,
    );
    snap(
        "get_lipsync_v3_404",
        mock.get_json("/v3/lipsyncs/nope").await,
    );
    snap(
        "update_lipsync_v3_200",
        mock.patch_json(&format!("/v3/lipsyncs/{id}"), &json!({"title": "Final"}))
            .await,
    );
    snap(
        "update_lipsync_v3_400",
        mock.patch_json(&format!("/v3/lipsyncs/{id}"), &json!({}))
            .await,
    );
    snap(
        "list_lipsyncs_v3_200",
        mock.get_json("/v3/lipsyncs?limit=2").await,
    );
    snap(
        "list_lipsyncs_v3_400",
        mock.get_json("/v3/lipsyncs?limit=0").await,
    );
    snap(
        "create_lipsync_batch_v3_402",
        mock.post_json("/v3/lipsyncs/batches", &json!({"lipsyncs": [lipsync]}))
            .await,
    );
    // Only the refused item: nothing to charge.
    let batch = mock
        .post_json(
            "/v3/lipsyncs/batches",
            &json!({"title": "Refused", "lipsyncs": [missing]}),
        )
        .await;
    let batch_id = batch.1["data"]["batch_id"].as_str().unwrap().to_owned();
    snap("create_lipsync_batch_v3_202", batch);
    snap(
        "create_lipsync_batch_v3_400",
        mock.post_json("/v3/lipsyncs/batches", &json!({"lipsyncs": []}))
            .await,
    );
    snap(
        "get_lipsync_batch_v3_200",
        mock.get_json(&format!("/v3/lipsyncs/batches/{batch_id}"))
            .await,
    );
    snap(
        "get_lipsync_batch_v3_404",
        mock.get_json("/v3/lipsyncs/batches/nope").await,
    );
    snap(
        "list_lipsync_statuses_v3_200",
        mock.get_json(&format!(
            "/v3/lipsyncs/statuses?lipsync_ids={id},nope&batch_ids={batch_id}"
        ))
        .await,
    );
    snap(
        "delete_lipsync_v3_200",
        mock.delete_json(&format!("/v3/lipsyncs/{id}")).await,
    );
    snap(
        "delete_lipsync_v3_404",
        mock.delete_json("/v3/lipsyncs/nope").await,
    );
}

#[tokio::test]
async fn v3_templates() {
    let mock = Mock::start().await;
    snap(
        "list_templates_v3_200",
        mock.get_json("/v3/templates?limit=2").await,
    );
    snap(
        "get_template_v3_200",
        mock.get_json("/v3/templates/abcdef123456").await,
    );
    snap(
        "get_template_v3_404",
        mock.get_json("/v3/templates/nope").await,
    );
    let render = json!({
        "variables": {"company_name": {"name": "company_name", "type": "text", "properties": {"content": "Acme"}}},
        "title": "Acme",
        "caption": true,
    });
    snap(
        "generate_template_v3_200",
        mock.post_json("/v3/templates/abcdef123456", &render).await,
    );
    let mut wrong_type = render.clone();
    wrong_type["variables"]["company_name"]["type"] = json!("image");
    wrong_type["variables"]["company_name"]["properties"] =
        json!({"url": "https://example.com/a.png"});
    snap(
        "generate_template_v3_400",
        mock.post_json("/v3/templates/abcdef123456", &wrong_type)
            .await,
    );
}

#[tokio::test]
async fn v3_video_translations() {
    let mock = Mock::with_config(Config {
        credits: Some(1),
        ..Config::for_tests()
    })
    .await;
    let translation = json!({
        "video": {"type": "url", "url": "https://example.com/keynote.mp4"},
        "output_languages": ["Spanish"],
        "title": "Keynote",
        "enable_caption": true,
        "callback_id": "order-8",
    });
    let created = mock.post_json("/v3/video-translations", &translation).await;
    let id = created.1["data"]["video_translation_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    snap("create_video_translation_v3_200", created);
    let mut unknown = translation.clone();
    unknown["output_languages"] = json!(["Klingon"]);
    snap(
        "create_video_translation_v3_400",
        mock.post_json("/v3/video-translations", &unknown).await,
    );
    let mut two = translation.clone();
    two["output_languages"] = json!(["French", "German"]);
    snap(
        "create_video_translation_v3_402",
        mock.post_json("/v3/video-translations", &two).await,
    );
    snap(
        "get_video_translation_v3_200_pending",
        mock.get_json(&format!("/v3/video-translations/{id}")).await,
    );
    mock.advance(600.0).await;
    snap(
        "get_video_translation_v3_200_completed",
        mock.get_json(&format!("/v3/video-translations/{id}")).await,
    );
    snap(
        "get_video_translation_v3_404",
        mock.get_json("/v3/video-translations/nope").await,
    );
    snap(
        "list_video_translation_languages_v3_200",
        first_two(
            mock.get_json("/v3/video-translations/languages").await,
            "languages",
        ),
    );
    let proofreads = mock
        .post_json(
            "/v3/video-translations/proofreads",
            &json!({
                "video": {"type": "url", "url": "https://example.com/keynote.mp4"},
                "output_languages": ["Spanish"],
                "title": "Keynote, reviewed",
            }),
        )
        .await;
    let proofread_id = proofreads.1["data"]["proofread_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    snap("create_proofread_v3_200", proofreads);
    let proofread = format!("/v3/video-translations/proofreads/{proofread_id}");
    snap(
        "get_proofread_srt_v3_400",
        mock.get_json(&format!("{proofread}/srt")).await,
    );
    mock.advance(600.0).await;
    snap("get_proofread_v3_200", mock.get_json(&proofread).await);
    snap(
        "get_proofread_v3_404",
        mock.get_json("/v3/video-translations/proofreads/nope")
            .await,
    );
    snap(
        "get_proofread_srt_v3_200",
        mock.get_json(&format!("{proofread}/srt")).await,
    );
    snap(
        "upload_proofread_srt_v3_400",
        mock.put_json(
            &format!("{proofread}/srt"),
            &json!({"srt": {"type": "url", "url": "https://example.com/fixed.srt"}}),
        )
        .await,
    );
    snap(
        "generate_from_proofread_v3_402",
        mock.post_json(&format!("{proofread}/generate"), &json!({"captions": true}))
            .await,
    );
    snap(
        "delete_video_translation_v3_200",
        mock.delete_json(&format!("/v3/video-translations/{id}"))
            .await,
    );
    snap(
        "delete_video_translation_v3_404",
        mock.delete_json(&format!("/v3/video-translations/{id}"))
            .await,
    );
}

#[tokio::test]
async fn v3_background_removals() {
    let mock = Mock::start().await;
    let job = json!({
        "video": {"type": "url", "url": "https://example.com/presenter.mp4"},
        "layers": ["foreground", "mask"],
        "request_id": "bg-1",
    });
    let created = mock.post_json("/v3/background-removals", &job).await;
    let id = created.1["data"]["id"].as_str().unwrap().to_owned();
    snap("create_background_removal_v3_200", created);
    snap(
        "create_background_removal_v3_400",
        mock.post_json(
            "/v3/background-removals",
            &json!({"video": {"type": "base64", "media_type": "image/png", "data": "aGk="}}),
        )
        .await,
    );
    snap(
        "create_background_removal_v3_404",
        mock.post_json(
            "/v3/background-removals",
            &json!({"video": {"type": "asset_id", "asset_id": "nope"}}),
        )
        .await,
    );
    mock.advance(60.0).await;
    snap(
        "get_background_removal_v3_200",
        mock.get_json(&format!("/v3/background-removals/{id}"))
            .await,
    );
    snap(
        "get_background_removal_v3_404",
        mock.get_json("/v3/background-removals/nope").await,
    );
    snap(
        "list_background_removals_v3_200",
        mock.get_json("/v3/background-removals").await,
    );
    snap(
        "list_background_removals_v3_400",
        mock.get_json("/v3/background-removals?limit=101").await,
    );
    snap(
        "delete_background_removal_v3_200",
        mock.delete_json(&format!("/v3/background-removals/{id}"))
            .await,
    );
    snap(
        "delete_background_removal_v3_404",
        mock.delete_json("/v3/background-removals/nope").await,
    );
}

#[tokio::test]
async fn v3_ai_clipping() {
    let mock = Mock::start().await;
    let job = json!({
        "video": {"type": "url", "url": "https://example.com/podcast.mp4"},
        "title": "Episode 12",
        "output_settings": {"aspect_ratio": "landscape", "duration_types": ["60", "180"]},
    });
    let created = mock.post_json("/v3/ai-clipping", &job).await;
    let id = created.1["data"]["id"].as_str().unwrap().to_owned();
    snap("create_ai_clipping_v3_202", created);
    snap(
        "create_ai_clipping_v3_400",
        mock.post_json(
            "/v3/ai-clipping",
            &json!({"video": {"type": "url", "url": "https://example.com/a.mp4"}, "output_settings": {"duration_types": ["45"]}}),
        )
        .await,
    );
    snap(
        "create_ai_clipping_v3_404",
        mock.post_json(
            "/v3/ai-clipping",
            &json!({"video": {"type": "asset_id", "asset_id": "nope"}}),
        )
        .await,
    );
    snap(
        "get_ai_clipping_v3_200_pending",
        mock.get_json(&format!("/v3/ai-clipping/{id}")).await,
    );
    mock.advance(120.0).await;
    snap(
        "get_ai_clipping_v3_200_completed",
        mock.get_json(&format!("/v3/ai-clipping/{id}")).await,
    );
    snap(
        "get_ai_clipping_v3_404",
        mock.get_json("/v3/ai-clipping/nope").await,
    );
    snap(
        "list_ai_clipping_v3_200",
        mock.get_json("/v3/ai-clipping").await,
    );
    snap(
        "list_ai_clipping_v3_400",
        mock.get_json("/v3/ai-clipping?token=bogus").await,
    );
    snap(
        "delete_ai_clipping_v3_200",
        mock.delete_json(&format!("/v3/ai-clipping/{id}")).await,
    );
    snap(
        "delete_ai_clipping_v3_404",
        mock.delete_json("/v3/ai-clipping/nope").await,
    );
}

#[tokio::test]
async fn v3_voices() {
    let mock = Mock::start().await;
    const SARA: &str = "1bd001e7e50f421d891986aad5158bc8";
    snap(
        "list_voices_v3_200",
        mock.get_json("/v3/voices?engine=starfish&language=English&gender=female&limit=2")
            .await,
    );
    snap(
        "list_voices_v3_400",
        mock.get_json("/v3/voices?gender=robot").await,
    );
    snap(
        "design_voice_v3_200",
        mock.post_json(
            "/v3/voices",
            &json!({"prompt": "a calm male German narrator"}),
        )
        .await,
    );
    snap(
        "design_voice_v3_400",
        mock.post_json("/v3/voices", &json!({"prompt": ""})).await,
    );
    snap(
        "create_speech_v3_200",
        mock.post_json(
            "/v3/voices/speech",
            &json!({"text": "Hello from the mock, in words.", "voice_id": SARA, "speed": 1.25}),
        )
        .await,
    );
    snap(
        "create_speech_v3_400",
        mock.post_json(
            "/v3/voices/speech",
            &json!({"text": "Hi", "voice_id": SARA, "speed": 3}),
        )
        .await,
    );
    snap(
        "create_speech_v3_404",
        mock.post_json(
            "/v3/voices/speech",
            &json!({"text": "Hi", "voice_id": "nobody"}),
        )
        .await,
    );
    let created = mock
        .post_json(
            "/v3/voices/clone",
            &json!({"voice_name": "My narrator", "audio": {"type": "url", "url": "https://example.com/me.mp3"}}),
        )
        .await;
    let id = created.1["data"]["voice_clone_id"]
        .as_str()
        .unwrap()
        .to_owned();
    snap("clone_voice_v3_200", created);
    snap(
        "clone_voice_v3_400",
        mock.post_json(
            "/v3/voices/clone",
            &json!({"voice_name": "X", "audio": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}}),
        )
        .await,
    );
    // A clone's voice id is random: shown as [voice_id].
    let clone = |(status, mut body): (u16, Value)| {
        if body["data"]["voice_id"].is_string() {
            body["data"]["voice_id"] = json!("[voice_id]");
        }
        (status, body)
    };
    snap(
        "get_voice_v3_200_processing",
        clone(mock.get_json(&format!("/v3/voices/{id}")).await),
    );
    mock.advance(600.0).await;
    snap(
        "get_voice_v3_200_complete",
        clone(mock.get_json(&format!("/v3/voices/{id}")).await),
    );
    snap(
        "get_voice_v3_200_library",
        mock.get_json(&format!("/v3/voices/{SARA}")).await,
    );
    snap("get_voice_v3_404", mock.get_json("/v3/voices/nobody").await);
    snap(
        "delete_voice_v3_200",
        clone(mock.delete_json(&format!("/v3/voices/{id}")).await),
    );
    snap(
        "delete_voice_v3_403",
        mock.delete_json(&format!("/v3/voices/{SARA}")).await,
    );
    snap(
        "delete_voice_v3_404",
        mock.delete_json("/v3/voices/nobody").await,
    );
}

#[tokio::test]
async fn v3_audio_and_brand() {
    let mock = Mock::start().await;
    snap(
        "list_audio_sounds_v3_200",
        mock.get_json("/v3/audio/sounds?query=whoosh%20scene%20change&type=sound_effects&limit=2")
            .await,
    );
    snap(
        "list_audio_sounds_v3_400",
        mock.get_json("/v3/audio/sounds?query=x&min_score=2").await,
    );
    snap(
        "list_brand_kits_v3_200",
        mock.get_json("/v3/brand-kits").await,
    );
    snap(
        "list_brand_glossaries_v3_200",
        mock.get_json("/v3/brand-glossaries").await,
    );
    snap(
        "list_brand_glossaries_v3_400",
        mock.get_json("/v3/brand-glossaries?limit=0").await,
    );
}

/// A v3 avatar answer with its generated group ids redacted too (stock group ids stay: they
/// are names).
fn avatar_snap(name: &str, (status, mut body): (u16, Value)) {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match v {
                        Value::String(s) if key == "group_id" && s.len() == 32 => {
                            *v = json!("[group_id]");
                        }
                        other => walk(other),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut body);
    snap(name, (status, body));
}

#[tokio::test]
async fn v3_avatars() {
    let mock = Mock::start().await;
    let photo = json!({
        "type": "photo",
        "name": "Office portrait",
        "file": {"type": "url", "url": "https://example.com/portrait.jpg"},
    });
    let created = mock.post_json("/v3/avatars", &photo).await;
    let look = created.1["data"]["avatar_item"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let group = created.1["data"]["avatar_group"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    avatar_snap("create_avatar_v3_200", created);
    avatar_snap(
        "create_avatar_v3_400",
        mock.post_json(
            "/v3/avatars",
            &json!({"type": "photo", "name": "x", "file": {"type": "url", "url": "ftp://example.com/p.jpg"}}),
        )
        .await,
    );
    avatar_snap(
        "create_avatar_v3_404",
        mock.post_json(
            "/v3/avatars",
            &json!({"type": "photo", "name": "x", "file": {"type": "asset_id", "asset_id": "nope"}}),
        )
        .await,
    );
    mock.advance(3600.0).await;
    avatar_snap(
        "get_avatar_look_v3_200",
        mock.get_json(&format!("/v3/avatars/looks/{look}")).await,
    );
    avatar_snap(
        "get_avatar_look_v3_200_stock",
        mock.get_json("/v3/avatars/looks/Angela-inTshirt-20220820")
            .await,
    );
    avatar_snap(
        "get_avatar_look_v3_404",
        mock.get_json("/v3/avatars/looks/nope").await,
    );
    avatar_snap(
        "get_avatar_group_v3_200",
        mock.get_json(&format!("/v3/avatars/{group}")).await,
    );
    avatar_snap(
        "get_avatar_group_v3_404",
        mock.get_json("/v3/avatars/nope").await,
    );
    avatar_snap(
        "list_avatar_groups_v3_200",
        mock.get_json("/v3/avatars?limit=2").await,
    );
    avatar_snap(
        "list_avatar_groups_v3_400",
        mock.get_json("/v3/avatars?limit=51").await,
    );
    avatar_snap(
        "list_avatar_looks_v3_200",
        mock.get_json("/v3/avatars/looks?ownership=private").await,
    );
    avatar_snap(
        "update_avatar_look_v3_200",
        mock.patch_json(
            &format!("/v3/avatars/looks/{look}"),
            &json!({"name": "Office portrait, blue shirt"}),
        )
        .await,
    );
    avatar_snap(
        "update_avatar_look_v3_400",
        mock.patch_json(
            "/v3/avatars/looks/Angela-inTshirt-20220820",
            &json!({"name": "Mine"}),
        )
        .await,
    );
    let twin = mock
        .post_json(
            "/v3/avatars",
            &json!({"type": "digital_twin", "name": "Me on camera",
                    "file": {"type": "url", "url": "https://example.com/footage.mp4"}}),
        )
        .await;
    let twin_group = twin.1["data"]["avatar_group"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    avatar_snap(
        "create_avatar_consent_v3_200",
        mock.post_json(
            &format!("/v3/avatars/{twin_group}/consent"),
            &json!({"reroute_url": "https://example.com/done"}),
        )
        .await,
    );
    avatar_snap(
        "create_avatar_consent_v3_400",
        mock.post_json(&format!("/v3/avatars/{group}/consent"), &json!({}))
            .await,
    );
    avatar_snap(
        "delete_avatar_look_v3_200",
        mock.delete_json(&format!("/v3/avatars/looks/{look}")).await,
    );
    avatar_snap(
        "delete_avatar_look_v3_404",
        mock.delete_json(&format!("/v3/avatars/looks/{look}")).await,
    );
    avatar_snap(
        "delete_avatar_group_v3_200",
        mock.delete_json(&format!("/v3/avatars/{twin_group}")).await,
    );
    avatar_snap(
        "delete_avatar_group_v3_400",
        mock.delete_json("/v3/avatars/Angela").await,
    );
}

#[tokio::test]
async fn v3_video_agents() {
    let mock = Mock::start().await;
    snap(
        "list_video_agent_styles_v3_200",
        mock.get_json("/v3/video-agents/styles?limit=2").await,
    );
    let prompt = json!({
        "prompt": "A 20-second teaser for our new headphones",
        "style_id": "style_cinematic_noir",
        "files": [{"type": "url", "url": "https://example.com/headphones.png"}],
    });
    let (status, created) = mock.post_json("/v3/video-agents", &prompt).await;
    snap("create_video_agent_v3_200", (status, created.clone()));
    snap(
        "create_video_agent_v3_404",
        mock.post_json(
            "/v3/video-agents",
            &json!({"prompt": "x", "style_id": "nope"}),
        )
        .await,
    );
    let session = created["data"]["session_id"].as_str().unwrap().to_owned();
    // The storyboard is ready a third of a second later (20 s of video renders in 6.7 s).
    mock.advance(1.0).await;
    let (status, read) = mock.get_json(&format!("/v3/video-agents/{session}")).await;
    snap("get_video_agent_session_v3_200", (status, read.clone()));
    snap(
        "get_video_agent_session_v3_404",
        mock.get_json("/v3/video-agents/nope").await,
    );
    let draft = read["data"]["messages"][0]["resource_ids"][0]
        .as_str()
        .unwrap()
        .to_owned();
    snap(
        "get_video_agent_resource_v3_200",
        mock.get_json(&format!("/v3/video-agents/{session}/resources/{draft}"))
            .await,
    );
    snap(
        "get_video_agent_resource_v3_404",
        mock.get_json(&format!("/v3/video-agents/{session}/resources/nope"))
            .await,
    );
    snap(
        "send_video_agent_message_v3_400",
        mock.post_json(
            &format!("/v3/video-agents/{session}"),
            &json!({"message": "more"}),
        )
        .await,
    );
    snap(
        "stop_video_agent_session_v3_200",
        mock.post_json(&format!("/v3/video-agents/{session}/stop"), &json!({}))
            .await,
    );
    snap(
        "list_video_agent_videos_v3_200",
        mock.get_json(&format!("/v3/video-agents/{session}/videos"))
            .await,
    );
    snap(
        "list_video_agent_sessions_v3_200",
        mock.get_json("/v3/video-agents").await,
    );
    let chat = json!({"prompt": "Explain refunds", "mode": "chat"});
    let (_, created) = mock.post_json("/v3/video-agents", &chat).await;
    let chat_id = created["data"]["session_id"].as_str().unwrap().to_owned();
    mock.advance(2.0).await;
    snap(
        "send_video_agent_message_v3_200",
        mock.post_json(
            &format!("/v3/video-agents/{chat_id}"),
            &json!({"message": "Go ahead"}),
        )
        .await,
    );
}
