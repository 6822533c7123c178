//! The client helpers for v3 against the mock: every page of a list as a stream, POSTs made
//! safely retryable by an automatic `Idempotency-Key`, waiting for v3 videos and the other v3
//! jobs through one poller, and v3 error codes on failed calls.

use futures::TryStreamExt;
use heygen_api::{
    errors::{HeyGenCode, HeyGenErrorExt, V3ErrorCode},
    paginate::{PageToken, paginate},
    types,
    wait::{WaitError, wait_for_v3, wait_for_video_v3},
};
use heygen_tests::{API_KEY, Mock, fast_retries, quick_wait, tutorial_video_request};
use serde_json::json;

fn video(script: &str) -> types::CreateVideoV3Request {
    serde_json::from_value(json!({
        "type": "avatar",
        "avatar_id": "Angela-inTshirt-20220820",
        "script": script,
        "voice_id": "1bd001e7e50f421d891986aad5158bc8",
    }))
    .unwrap()
}

#[tokio::test]
async fn paginate_streams_every_item_across_pages() {
    let mock = Mock::start().await;
    let client = mock.client();
    for i in 0..23 {
        client
            .create_video_v3()
            .body(video(&format!("Video number {i}.")))
            .send()
            .await
            .unwrap();
    }
    let ids: Vec<String> =
        paginate(|token| client.list_videos_v3().limit(10).page_token(token).send())
            .map_ok(|v| v.id)
            .try_collect()
            .await
            .unwrap();
    // 23 made here and the tutorial's two example videos, each once.
    assert_eq!(ids.len(), 25);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 25);
    let (_, log) = mock.get_json("/_mock/requests").await;
    let pages = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/v3/videos" && r["method"] == "GET")
        .count();
    assert_eq!(pages, 3, "10 + 10 + 5");
}

#[tokio::test]
async fn v3_posts_are_retried_because_they_carry_an_idempotency_key() {
    let mock = Mock::start().await;
    let client = mock
        .builder()
        .api_key(API_KEY)
        .retry(fast_retries())
        .build()
        .unwrap();
    let (status, _) = mock
        .put_json("/_mock/faults", &json!({"fail_next": 1}))
        .await;
    assert_eq!(status, 200);
    // A v3 create rides through the 500: the client gave it an Idempotency-Key.
    let created = client
        .create_video_v3()
        .body(video("Retried safely."))
        .send()
        .await
        .expect("retried after the injected 500");
    let (status, _) = mock
        .get_json(&format!("/v3/videos/{}", created.data.video_id))
        .await;
    assert_eq!(status, 200);
    // A legacy create has no key, so a 500 is not retried (it may have created a video).
    mock.put_json("/_mock/faults", &json!({"fail_next": 1}))
        .await;
    let legacy = client
        .generate_video()
        .body(
            serde_json::from_value::<types::VideoGenerateRequest>(tutorial_video_request())
                .unwrap(),
        )
        .send()
        .await;
    assert_eq!(
        legacy.unwrap_err().heygen_code(),
        Some(HeyGenCode::Internal)
    );
}

#[tokio::test]
async fn waiting_for_a_v3_video_ends_completed_or_with_its_failure() {
    let mock = Mock::start().await;
    let client = mock.client();
    let id = client
        .create_video_v3()
        .body(video("Wait for me."))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .video_id;
    mock.advance(60.0).await;
    let done = wait_for_video_v3(&client, &id, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(done.status, types::VideoStatusV3::Completed);
    assert!(done.video_url.is_some());

    let failing = client
        .create_video_v3()
        .body(video("This one fails."))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .video_id;
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{failing}/outcome"),
            &json!({"status": "failed", "code": 40119, "message": "Video is too long"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    match wait_for_video_v3(&client, &failing, &quick_wait(), |_| {}).await {
        Err(WaitError::Failed { code, message, .. }) => {
            assert_eq!(code, HeyGenCode::VideoTooLong);
            assert_eq!(message, "Video is too long");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test]
async fn one_poller_waits_for_lipsyncs_background_removals_and_clipping_jobs() {
    let mock = Mock::start().await;
    let client = mock.client();
    let mp4 = json!({"type": "url", "url": "https://example.com/a.mp4"});
    let lipsync = client
        .create_lipsync_v3()
        .body(
            serde_json::from_value::<types::CreateLipsyncV3Request>(
                json!({"video": mp4, "audio": mp4}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .lipsync_id;
    let removal = client
        .create_background_removal_v3()
        .body(
            serde_json::from_value::<types::CreateBackgroundRemovalV3Request>(
                json!({"video": mp4}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .id;
    let clipping = client
        .create_ai_clipping_v3()
        .body(
            serde_json::from_value::<types::CreateAiClippingV3Request>(json!({"video": mp4}))
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .id;
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{lipsync}/outcome"),
            &json!({"status": "failed", "message": "No face in the video"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    mock.advance(60.0).await;
    match wait_for_v3::<types::LipsyncV3>(&client, &lipsync, &quick_wait(), |_| {}).await {
        Err(WaitError::Failed {
            id, code, message, ..
        }) => {
            assert_eq!(id, lipsync);
            assert_eq!(code, HeyGenCode::Internal, "lipsyncs carry no failure code");
            assert_eq!(message, "No face in the video");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    let mut seen = Vec::new();
    let removed =
        wait_for_v3::<types::BackgroundRemovalV3>(&client, &removal, &quick_wait(), |p| {
            seen.push(p.status.to_owned())
        })
        .await
        .unwrap();
    assert_eq!(removed.layers.len(), 3);
    assert_eq!(seen, ["completed"]);
    let clipped = wait_for_v3::<types::AiClippingJobV3>(&client, &clipping, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert!(clipped.clips.iter().all(|c| c.video_url.is_some()));
}

#[tokio::test]
async fn v3_error_codes_and_params_come_from_any_failed_call() {
    let mock = Mock::start().await;
    let client = mock.client();
    let missing = client
        .get_video_v3()
        .video_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.heygen_v3_code(), Some(V3ErrorCode::NotFound));
    assert_eq!(missing.heygen_code(), Some(HeyGenCode::NotFound));
    assert_eq!(missing.heygen_param(), Some("video_id"));
    let legacy = client
        .get_video_status()
        .video_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(legacy.heygen_v3_code(), Some(V3ErrorCode::NotFound));
    assert_eq!(legacy.heygen_param(), None);
}

#[tokio::test]
async fn wait_for_v3_follows_avatar_training_and_paginate_lists_looks() {
    let mock = Mock::start().await;
    let client = mock.client();
    let photo: types::CreateAvatarV3Request = serde_json::from_value(json!({
        "type": "photo", "name": "Portrait",
        "file": {"type": "url", "url": "https://example.com/portrait.jpg"}
    }))
    .unwrap();
    let created = client
        .create_avatar_v3()
        .body(photo)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let look_id = created.avatar_item.unwrap().id;
    let group_id = created.avatar_group.unwrap().id;
    mock.advance(3600.0).await;
    let mut seen = Vec::new();
    let look = wait_for_v3::<types::AvatarLookV3>(&client, &look_id, &quick_wait(), |p| {
        seen.push(p.status.to_owned())
    })
    .await
    .unwrap();
    assert_eq!(look.status, Some(types::AvatarStatusV3::Completed));
    assert_eq!(seen, ["completed"]);
    let group = wait_for_v3::<types::AvatarGroupV3>(&client, &group_id, &quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(group.looks_count, 1);

    // A failed training ends the wait with its reason.
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{look_id}/outcome"),
            &json!({"status": "failed", "message": "No face found"}),
        )
        .await;
    assert_eq!(status, 400, "a finished job keeps its outcome: {body}");
    let blurry: types::CreateAvatarV3Request = serde_json::from_value(json!({
        "type": "prompt", "name": "Chef", "prompt": "A chef in a white jacket"
    }))
    .unwrap();
    let failing = client
        .create_avatar_v3()
        .body(blurry)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .avatar_item
        .unwrap()
        .id;
    let (status, body) = mock
        .post_json(
            &format!("/_mock/jobs/{failing}/outcome"),
            &json!({"status": "failed", "message": "The prompt names no person"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    match wait_for_v3::<types::AvatarLookV3>(&client, &failing, &quick_wait(), |_| {}).await {
        Err(WaitError::Failed { id, message, .. }) => {
            assert_eq!(id, failing);
            assert_eq!(message, "The prompt names no person");
        }
        other => panic!("expected a failure, got {other:?}"),
    }

    // Every private look across pages of one.
    let ids: Vec<String> = paginate(|token| {
        client
            .list_avatar_looks_v3()
            .ownership("private")
            .limit(1)
            .page_token(token)
            .send()
    })
    .map_ok(|l| l.id)
    .try_collect()
    .await
    .unwrap();
    assert_eq!(ids, [failing, look_id], "newest first");
}
