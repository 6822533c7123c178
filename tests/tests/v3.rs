//! HeyGen's v3 API through the generated client against the mock: videos (create, list, read,
//! delete, batches, bulk statuses), templates, lipsyncs, background removals, AI clipping, video
//! translations and proofreads, voices and speech with the audio and brand libraries, video
//! agents, the account and its credits, webhook endpoints and the event log, idempotent retries — with the clock
//! advanced instead of sleeping. Every /v3 operation of the spec is exercised here, and the last
//! assertion of the first test proves it.

use std::collections::BTreeSet;

#[path = "v3/avatars.rs"]
mod avatars;

use heygen_api::{
    Error,
    assets::{upload_direct, upload_file},
    types,
};
use heygen_mock::Config;
use heygen_spec::Spec;
use heygen_tests::{Mock, Receiver, body};
use serde_json::{Value, json};

#[path = "v3/templates.rs"]
mod templates;
#[path = "v3/translations.rs"]
mod translations;
#[path = "v3/video_agents.rs"]
mod video_agents;
#[path = "v3/voices.rs"]
mod voices;

fn avatar_video(script: &str) -> types::CreateVideoV3Request {
    body(json!({
        "type": "avatar",
        "avatar_id": "Angela-inTshirt-20220820",
        "script": script,
        "voice_id": "1bd001e7e50f421d891986aad5158bc8",
        "title": "Welcome",
        "caption": {"file_format": "srt"},
    }))
}

#[tokio::test]
async fn v3_videos_account_and_webhooks_cover_every_v3_operation() {
    let mock = Mock::start().await;
    let client = mock.client();

    // The account, and a video made through v3.
    let me = client.get_current_user_v3().send().await.unwrap();
    assert_eq!(me.data.username, "mock-user");
    let created = client
        .create_video_v3()
        .body(avatar_video(
            "Hello from version three. Captions come as SRT.",
        ))
        .send()
        .await
        .unwrap();
    let video_id = created.data.video_id.clone();
    assert_eq!(created.data.status, types::VideoStatusV3::Pending);

    let pending = client
        .get_video_v3()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.data.status, types::VideoStatusV3::Pending);
    assert!(pending.data.video_url.is_none());
    mock.advance(60.0).await;
    let done = client
        .get_video_v3()
        .video_id(&video_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(done.status, types::VideoStatusV3::Completed);
    assert_eq!(done.title.as_deref(), Some("Welcome"));
    assert!(done.completed_at >= done.created_at);
    let mp4 = mock
        .http
        .get(done.video_url.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&mp4[4..8], b"ftyp", "a playable MP4");
    let srt = mock
        .http
        .get(done.subtitle_url.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        srt.starts_with("1\n00:00:00,000 --> ") && srt.contains("Hello from version three."),
        "{srt}"
    );

    // The same video through the legacy status route, and a legacy video through v3.
    let legacy = client
        .get_video_status()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    assert_eq!(legacy.data.status, types::VideoStatusValue::Completed);
    let tutorial = client
        .get_video_v3()
        .video_id("abcdef123456")
        .send()
        .await
        .unwrap();
    assert_eq!(tutorial.data.status, types::VideoStatusV3::Completed);

    // Listing pages newest first, by cursor, over every generation's videos.
    let first = client.list_videos_v3().limit(1).send().await.unwrap();
    assert_eq!(first.data.len(), 1);
    assert_eq!(first.data[0].id, video_id, "newest first");
    assert!(first.has_more);
    let rest = client
        .list_videos_v3()
        .limit(100)
        .token(first.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert!(rest.data.iter().any(|v| v.id == "abcdef123456"));
    assert!(rest.data.iter().all(|v| v.id != video_id), "no repeats");
    assert!(!rest.has_more && rest.next_token.is_none());
    let titled = client.list_videos_v3().title("Welc").send().await.unwrap();
    assert_eq!(titled.data.len(), 1);

    // Webhooks: an endpoint, its secret, rotation, and a signed delivery in the event log.
    let types_list = client.list_webhook_event_types_v3().send().await.unwrap();
    assert_eq!(types_list.data.len(), 30);
    let mut receiver = Receiver::start(0).await;
    let endpoint = client
        .create_webhook_endpoint_v3()
        .body(body::<types::WebhookEndpointCreateV3Request>(json!({
            "url": receiver.url,
            "events": ["avatar_video.success"],
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let first_secret = endpoint.secret.clone().unwrap();
    let listed = client.list_webhook_endpoints_v3().send().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    assert!(listed.data[0].secret.is_none(), "lists hide secrets");
    let rotated = client
        .rotate_webhook_secret_v3()
        .endpoint_id(&endpoint.endpoint_id)
        .send()
        .await
        .unwrap();
    assert_ne!(rotated.data.secret, first_secret);
    let updated = client
        .update_webhook_endpoint_v3()
        .endpoint_id(&endpoint.endpoint_id)
        .body(body::<types::WebhookEndpointUpdateV3Request>(
            json!({"events": ["avatar_video.success", "avatar_video.fail"]}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.data.events.as_ref().map(Vec::len), Some(2));

    let second = client
        .create_video_v3()
        .body(avatar_video("A second video, announced to the endpoint."))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .video_id;
    mock.advance(60.0).await;
    let delivered = receiver.next_accepted().await;
    let payload = delivered.json();
    assert_eq!(payload["event_type"], "avatar_video.success");
    assert_eq!(payload["event_data"]["video_id"], second.as_str());
    let signature = delivered
        .signature()
        .expect("registered endpoints get signed deliveries");
    assert!(heygen_api::webhooks::verify_signature(
        &delivered.body,
        &signature,
        &rotated.data.secret,
    ));
    let events = client
        .list_webhook_events_v3()
        .entity_id(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(events.data.len(), 1, "{events:?}");
    assert_eq!(events.data[0].event_type, "avatar_video.success");

    // Batches and bulk statuses.
    let batch = client
        .create_video_batch_v3()
        .body(body::<types::CreateVideoBatchV3Request>(json!({
            "title": "Two and a bad one",
            "videos": [
                {"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "One.", "voice_id": "1bd001e7e50f421d891986aad5158bc8"},
                {"type": "avatar", "avatar_id": "Nobody-20990101", "script": "Two.", "voice_id": "1bd001e7e50f421d891986aad5158bc8"},
                {"type": "image", "image": {"type": "url", "url": "https://example.com/face.jpg"}, "audio_url": "https://example.com/a.mp3"},
            ]
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .batch_id;
    let processing = client
        .get_video_batch_v3()
        .batch_id(&batch)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(processing.total_items, 3);
    assert_eq!(processing.status, types::BatchV3Status::Processing);
    assert_eq!(processing.items[1].status, types::BatchItemV3Status::Failed);
    mock.advance(60.0).await;
    let finished = client
        .get_video_batch_v3()
        .batch_id(&batch)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(finished.status, types::BatchV3Status::Completed);
    assert_eq!(finished.counts_by_status.get("completed"), Some(&2));
    let statuses = client
        .list_video_statuses_v3()
        .video_ids(format!("{video_id},nope"))
        .batch_ids(&batch)
        .send()
        .await
        .unwrap();
    let by_status: Vec<&str> = statuses.data.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        by_status,
        ["completed", "not_found", "completed", "failed", "completed"]
    );

    // Deleting.
    client
        .delete_video_v3()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    match client.get_video_v3().video_id(&video_id).send().await {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!(e.status(), 404);
            assert_eq!(e.error.code, "not_found");
        }
        other => panic!("expected 404, got {other:?}"),
    }
    client
        .delete_webhook_endpoint_v3()
        .endpoint_id(&endpoint.endpoint_id)
        .send()
        .await
        .unwrap();

    assets_upload_and_feed_videos(&mock, &client).await;
    lipsyncs(&mock, &client).await;
    background_removals(&mock, &client).await;
    ai_clipping(&mock, &client).await;
    translations::exercise(&mock, &client).await;
    templates::exercise(&mock, &client).await;
    voices::exercise(&mock, &client).await;
    avatars::exercise(&mock, &client).await;
    video_agents::exercise(&mock, &client).await;

    // Coverage: every /v3 operation in the spec answered at least once, with a success.
    let exercised: BTreeSet<String> = mock
        .report
        .exercised()
        .into_iter()
        .filter(|(_, status)| *status < 400)
        .map(|(op, _)| op)
        .collect();
    let v3: BTreeSet<String> = Spec::embedded()
        .operations()
        .iter()
        .filter(|o| o.path.starts_with("/v3/"))
        .map(|o| o.operation_id.clone())
        .collect();
    let missing: Vec<_> = v3.difference(&exercised).collect();
    assert!(
        missing.is_empty(),
        "v3 operations the suite never exercised: {missing:?}"
    );
}

/// Lipsyncs: create (URL and uploaded inputs), the lifecycle with its MP4 and SRT, the
/// unsigned callback, rename, list, batches, bulk statuses, delete.
async fn lipsyncs(mock: &Mock, client: &heygen_api::Client) {
    let mut callback = Receiver::start(0).await;
    let created = client
        .create_lipsync_v3()
        .idempotency_key("lipsync-1")
        .body(body::<types::CreateLipsyncV3Request>(json!({
            "video": {"type": "url", "url": "https://example.com/speaker.mp4"},
            "audio": {"type": "url", "url": "https://example.com/voice.mp3"},
            "title": "Dubbed",
            "enable_caption": true,
            "start_time": 0,
            "end_time": 12,
            "callback_url": callback.url,
            "callback_id": "order-7",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let id = created.lipsync_id;
    let pending = client
        .get_lipsync_v3()
        .lipsync_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.data.status, types::LipsyncStatusV3::Pending);
    assert!(pending.data.video_url.is_none() && pending.data.caption_url.is_none());
    mock.advance(60.0).await;
    let done = client
        .get_lipsync_v3()
        .lipsync_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(done.status, types::LipsyncStatusV3::Completed);
    assert_eq!(done.duration, Some(12.0), "end_time - start_time");
    assert_eq!(done.callback_id.as_deref(), Some("order-7"));
    let mp4 = mock.fetch(done.video_url.as_deref().unwrap()).await;
    assert_eq!(&mp4[4..8], b"ftyp", "a playable MP4");
    let srt = String::from_utf8(mock.fetch(done.caption_url.as_deref().unwrap()).await).unwrap();
    let cues: Vec<&str> = srt.trim_end().split("\n\n").collect();
    assert_eq!(cues.len(), 3, "{srt}");
    assert!(
        cues.iter()
            .all(|cue| cue.lines().nth(1).is_some_and(|t| t.contains(" --> ")))
    );
    assert!(
        cues[2].starts_with("3\n00:00:10,000 --> 00:00:12,000\n"),
        "{srt}"
    );
    let delivered = callback.next_accepted().await;
    let payload = delivered.json();
    assert_eq!(payload["event_type"], "video_translate.success");
    assert_eq!(payload["event_data"]["video_translate_id"], id.as_str());
    assert_eq!(payload["event_data"]["callback_id"], "order-7");
    assert!(
        delivered.signature().is_none(),
        "callback_url deliveries are unsigned"
    );

    let renamed = client
        .update_lipsync_v3()
        .lipsync_id(&id)
        .body(body::<types::UpdateLipsyncV3Request>(
            json!({"title": "Dubbed, final"}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.data.title.as_deref(), Some("Dubbed, final"));
    let listed = client.list_lipsyncs_v3().limit(10).send().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    assert!(!listed.has_more);

    let batch = client
        .create_lipsync_batch_v3()
        .body(body::<types::CreateLipsyncBatchV3Request>(json!({
            "title": "Two and a bad one",
            "lipsyncs": [
                {"video": {"type": "url", "url": "https://example.com/a.mp4"}, "audio": {"type": "url", "url": "https://example.com/a.mp3"}},
                {"video": {"type": "asset_id", "asset_id": "nope"}, "audio": {"type": "url", "url": "https://example.com/b.mp3"}},
                {"video": {"type": "url", "url": "https://example.com/c.mp4"}, "audio": {"type": "url", "url": "https://example.com/c.mp3"}},
            ]
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .batch_id;
    let processing = client
        .get_lipsync_batch_v3()
        .batch_id(&batch)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(processing.total_items, 3);
    assert_eq!(processing.status, types::BatchV3Status::Processing);
    assert_eq!(processing.items[1].status, types::BatchItemV3Status::Failed);
    mock.advance(60.0).await;
    let statuses = client
        .list_lipsync_statuses_v3()
        .lipsync_ids(format!("{id},nope"))
        .batch_ids(&batch)
        .send()
        .await
        .unwrap();
    let by_status: Vec<&str> = statuses.data.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        by_status,
        ["completed", "not_found", "completed", "failed", "completed"]
    );
    let all: Vec<types::LipsyncV3> = {
        use futures::TryStreamExt;
        use heygen_api::paginate::{PageToken, paginate};
        paginate(|token| client.list_lipsyncs_v3().limit(1).page_token(token).send())
            .try_collect()
            .await
            .unwrap()
    };
    assert_eq!(all.len(), 3, "one alone and two from the batch");

    client
        .delete_lipsync_v3()
        .lipsync_id(&id)
        .send()
        .await
        .unwrap();
    match client.get_lipsync_v3().lipsync_id(&id).send().await {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.status(), 404),
        other => panic!("expected 404, got {other:?}"),
    }
}

/// Background removals: every layer a real file (the foreground a WebM with alpha), the
/// `request_id` replay, list and delete.
async fn background_removals(mock: &Mock, client: &heygen_api::Client) {
    let body = body::<types::CreateBackgroundRemovalV3Request>(json!({
        "video": {"type": "url", "url": "https://example.com/presenter.mp4"},
        "title": "Cut-out",
        "request_id": "bg-1",
    }));
    let created = client
        .create_background_removal_v3()
        .body(body.clone())
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(created.status, "pending");
    assert!(created.layers.is_empty());
    let again = client
        .create_background_removal_v3()
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(
        again.id, created.id,
        "a repeated request_id returns the original job"
    );
    mock.advance(60.0).await;
    let done = client
        .get_background_removal_v3()
        .job_id(&created.id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(done.status, "completed");
    assert!(done.completed_at >= done.created_at);
    let names: Vec<&str> = done.layers.keys().map(String::as_str).collect();
    assert_eq!(names, ["background", "foreground", "mask"]);
    let webm = mock.fetch(&done.layers["foreground"]).await;
    assert_eq!(&webm[..4], &[0x1A, 0x45, 0xDF, 0xA3], "a WebM");
    for layer in ["mask", "background"] {
        let mp4 = mock.fetch(&done.layers[layer]).await;
        assert_eq!(&mp4[4..8], b"ftyp", "{layer} is an MP4");
    }
    let listed = client.list_background_removals_v3().send().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    let deleted = client
        .delete_background_removal_v3()
        .job_id(&created.id)
        .send()
        .await
        .unwrap();
    assert!(deleted.data.deleted);
}

/// AI clipping: one clip per duration type with its measures and files, the event (whose data
/// is the job) to a subscribed endpoint, list and delete.
async fn ai_clipping(mock: &Mock, client: &heygen_api::Client) {
    let mut receiver = Receiver::start(0).await;
    client
        .create_webhook_endpoint_v3()
        .body(body::<types::WebhookEndpointCreateV3Request>(json!({
            "url": receiver.url,
            "events": ["ai_clipping.success"],
        })))
        .send()
        .await
        .unwrap();
    let created = client
        .create_ai_clipping_v3()
        .body(body::<types::CreateAiClippingV3Request>(json!({
            "video": {"type": "url", "url": "https://example.com/podcast.mp4"},
            "title": "Episode 12",
            "callback_id": "ep-12",
            "output_settings": {"aspect_ratio": "square", "duration_types": ["30", "long"]},
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 202);
    let id = created.into_inner().data.id;
    let pending = client
        .get_ai_clipping_v3()
        .job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.data.status, types::AiClippingJobStatusV3::Pending);
    assert_eq!(pending.data.clips.len(), 2);
    assert!(pending.data.clips.iter().all(|c| c.video_url.is_none()));
    mock.advance(120.0).await;
    let done = client
        .get_ai_clipping_v3()
        .job_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(done.status, types::AiClippingJobStatusV3::Completed);
    assert_eq!(done.progress, 100);
    let durations: Vec<f64> = done
        .clips
        .iter()
        .filter_map(|c| c.duration_seconds)
        .collect();
    assert_eq!(durations, [30.0, 240.0]);
    for clip in &done.clips {
        assert_eq!(clip.status, types::AiClipV3Status::Completed);
        assert_eq!(clip.aspect_ratio, Some(types::AiClipAspectRatio::Square));
        assert!(clip.virality_score.is_some_and(|v| (0..=100).contains(&v)));
        let mp4 = mock.fetch(clip.video_url.as_deref().unwrap()).await;
        assert_eq!(&mp4[4..8], b"ftyp");
        let jpg = mock.fetch(clip.thumbnail_url.as_deref().unwrap()).await;
        assert_eq!(&jpg[..2], &[0xFF, 0xD8]);
    }
    let delivered = receiver.next_accepted().await;
    match heygen_api::webhooks::WebhookEvent::parse(&delivered.body).unwrap() {
        heygen_api::webhooks::WebhookEvent::AiClippingSuccess(job) => {
            assert_eq!(job.id, id);
            assert_eq!(job.callback_id.as_deref(), Some("ep-12"));
            assert_eq!(job.clips.len(), 2);
        }
        other => panic!("expected ai_clipping.success, got {other:?}"),
    }
    let listed = client.list_ai_clipping_v3().send().await.unwrap();
    assert_eq!(listed.data.len(), 1);
    client
        .delete_ai_clipping_v3()
        .job_id(&id)
        .send()
        .await
        .unwrap();
}

/// Uploads (multipart and presigned, single and batched), listing, search, and an uploaded
/// image as a video's input.
async fn assets_upload_and_feed_videos(mock: &Mock, client: &heygen_api::Client) {
    let dir = std::env::temp_dir().join(format!("heygen-v3-assets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jpeg = dir.join("face.jpg");
    std::fs::write(&jpeg, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();

    let mut seen = Vec::new();
    let progress = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = progress.clone();
    let uploaded = upload_file(client, &jpeg, move |sent, total| {
        sink.lock().unwrap().push((sent, total));
    })
    .await
    .unwrap();
    seen.extend(progress.lock().unwrap().iter().copied());
    let size = heygen_mock::core::media::THUMBNAIL_JPG.len() as u64;
    assert_eq!(uploaded.mime_type, "image/jpeg");
    assert_eq!(uploaded.size_bytes, size as i64);
    assert_eq!(
        seen.last(),
        Some(&(size, size)),
        "progress reaches the whole file"
    );
    let served = mock
        .http
        .get(&uploaded.url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.len() as u64, size);

    // The upload animates into a video.
    let video = client
        .create_video_v3()
        .body(body::<types::CreateVideoV3Request>(json!({
            "type": "image",
            "image": {"type": "asset_id", "asset_id": uploaded.asset_id},
            "script": "An uploaded face speaks.",
            "voice_id": "1bd001e7e50f421d891986aad5158bc8",
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(video.data.status, types::VideoStatusV3::Pending);

    // A presigned direct upload: PUT the bytes, then complete.
    let direct = upload_direct(client, &jpeg, "image/jpeg", |_, _| {})
        .await
        .unwrap();
    assert_eq!(direct.status, "completed");
    assert_eq!(direct.mime_type, "image/jpeg");

    // A batch of direct uploads, completed together.
    let batch = client
        .create_direct_upload_batch_v3()
        .body(body::<types::DirectUploadBatchV3Request>(json!({
            "title": "two faces",
            "files": [
                {"filename": "a.jpg", "content_type": "image/jpeg", "size_bytes": size},
                {"filename": "b.jpg", "content_type": "image/jpeg", "size_bytes": size},
            ]
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    for slot in &batch.items {
        let put = mock
            .http
            .put(&slot.upload_url)
            .body(heygen_mock::core::media::THUMBNAIL_JPG)
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200);
    }
    client
        .complete_direct_upload_batch_v3()
        .body(body::<types::CompleteUploadBatchV3Request>(
            json!({"batch_id": batch.batch_id}),
        ))
        .send()
        .await
        .unwrap();
    let done = client
        .get_asset_batch_v3()
        .batch_id(&batch.batch_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(done.status, types::BatchV3Status::Completed);
    let statuses = client
        .list_asset_statuses_v3()
        .asset_ids(format!("{},nope", uploaded.asset_id))
        .send()
        .await
        .unwrap();
    let by_status: Vec<&str> = statuses.data.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(by_status, ["completed", "not_found"]);

    // Listing, reading, searching, deleting.
    let listed = client
        .list_assets_v3()
        .username("mock-user")
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.data.len(),
        4,
        "one multipart, one direct, two batched"
    );
    let one = client
        .get_asset_v3()
        .asset_id(&uploaded.asset_id)
        .send()
        .await
        .unwrap();
    assert_eq!(one.data.type_, "image");
    let found = client
        .search_assets_v3()
        .query("pizza")
        .type_(types::AssetSearchType::Image)
        .send()
        .await
        .unwrap();
    assert!(!found.data.is_empty());
    client
        .delete_asset_v3()
        .asset_id(&direct.asset_id)
        .send()
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn v3_errors_use_string_codes_and_name_the_parameter() {
    let mock = Mock::start().await;
    let cases = [
        (
            mock.post_json(
                "/v3/videos",
                &json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "Hi", "voice_settings": {"speed": 9}}),
            )
            .await,
            400,
            "invalid_parameter",
            Some("voice_settings.speed"),
        ),
        (
            mock.post_json(
                "/v3/videos",
                &json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "Hi"}),
            )
            .await,
            200,
            "",
            None,
        ),
        (
            mock.post_json(
                "/v3/videos",
                &json!({"type": "image", "image": {"type": "url", "url": "https://x/y.png"}, "script": "Hi"}),
            )
            .await,
            400,
            "invalid_parameter",
            Some("voice_id"),
        ),
        (
            mock.post_json(
                "/v3/videos",
                &json!({"type": "avatar", "avatar_id": "Nobody", "script": "Hi", "voice_id": "1bd001e7e50f421d891986aad5158bc8"}),
            )
            .await,
            404,
            "not_found",
            Some("avatar_id"),
        ),
        (
            mock.get_json("/v3/videos?limit=0").await,
            400,
            "invalid_parameter",
            Some("limit"),
        ),
        (
            mock.get_json("/v3/videos?token=forged").await,
            400,
            "invalid_parameter",
            Some("token"),
        ),
        (
            mock.get_json("/v3/videos/nope").await,
            404,
            "not_found",
            Some("video_id"),
        ),
    ];
    for ((status, body), want_status, want_code, want_param) in cases {
        assert_eq!(status, want_status, "{body}");
        if want_status < 400 {
            continue;
        }
        assert_eq!(body["error"]["code"], want_code, "{body}");
        assert_eq!(body["error"]["param"].as_str(), want_param, "{body}");
        assert!(body["error"]["doc_url"].as_str().is_some(), "{body}");
        assert!(body.get("data").is_none(), "{body}");
    }
    // Without credentials, the v3 envelope too.
    let anonymous = mock
        .http
        .get(format!("{}/v3/users/me", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["code"], "authentication_failed");
}

#[tokio::test]
async fn idempotency_keys_replay_the_first_answer() {
    let mock = Mock::start().await;
    let send = |key: &'static str| {
        mock.http
            .post(format!("{}/v3/videos", mock.url()))
            .header("X-Api-Key", heygen_tests::API_KEY)
            .header("Idempotency-Key", key)
            .json(&json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "Once.", "voice_id": "1bd001e7e50f421d891986aad5158bc8"}))
            .send()
    };
    let first = send("order-1").await.unwrap();
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let again = send("order-1").await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "the same answer, not a second video");
    let other: Value = send("order-2").await.unwrap().json().await.unwrap();
    assert_ne!(other["data"]["video_id"], first["data"]["video_id"]);
    let bad = send("has space").await.unwrap();
    assert_eq!(bad.status(), 400);
    // The same key for a different request is refused, not answered with the first result.
    let reused = mock
        .http
        .post(format!("{}/v3/videos", mock.url()))
        .header("X-Api-Key", heygen_tests::API_KEY)
        .header("Idempotency-Key", "order-1")
        .json(&json!({"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "script": "Another.", "voice_id": "1bd001e7e50f421d891986aad5158bc8"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 400);
    let reused: Value = reused.json().await.unwrap();
    assert_eq!(reused["error"]["param"], "Idempotency-Key");
    let (_, listed) = mock.get_json("/v3/videos?limit=100").await;
    let created = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["id"] == first["data"]["video_id"] || v["id"] == other["data"]["video_id"])
        .count();
    assert_eq!(created, 2);
    // A day later (mock time) the key is free again.
    mock.advance(24.0 * 3600.0 + 1.0).await;
    let later: Value = send("order-1").await.unwrap().json().await.unwrap();
    assert_ne!(later["data"]["video_id"], first["data"]["video_id"]);
}

#[tokio::test]
async fn credits_are_reported_spent_and_enforced() {
    let mock = Mock::with_config(Config {
        credits: Some(2),
        ..Config::for_tests()
    })
    .await;
    let client = mock.client();
    let balance = |user: &types::UserV3| user.wallet.as_ref().and_then(|w| w.remaining_balance);
    let me = client.get_current_user_v3().send().await.unwrap();
    assert_eq!(balance(&me.data), Some(2.0));
    for _ in 0..2 {
        client
            .create_video_v3()
            .body(avatar_video("A short one."))
            .send()
            .await
            .unwrap();
    }
    match client
        .create_video_v3()
        .body(avatar_video("One too many."))
        .send()
        .await
    {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!(e.status(), 402);
            assert_eq!(e.error.code, "insufficient_credit");
        }
        other => panic!("expected 402, got {other:?}"),
    }
    let me = client.get_current_user_v3().send().await.unwrap();
    assert_eq!(balance(&me.data), Some(0.0));
    // Legacy jobs are not charged (credits are a v3 feature of the mock).
    let (status, body) = mock
        .post_json(
            "/v2/video/generate",
            &heygen_tests::tutorial_video_request(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}
