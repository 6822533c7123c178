//! The legacy (v1/v2) endpoints real HeyGen integrations call that the tutorial does not show
//! (issue #14), through the generated client with the conformance layer on: the account's
//! quota and user, the avatar groups and details, the v1 avatar and voice lists, brand voices,
//! the v1 video list and delete, WebM and Avatar IV videos. Like the tutorial's and the v3
//! suites, it fails if one of these operations is never answered with a success.

#[path = "legacy/photo_avatars.rs"]
mod photo_avatars;
use std::collections::BTreeSet;

use heygen_api::{Error, assets::upload_file, types};
use heygen_mock::Config;
use heygen_spec::Spec;
use heygen_tests::{Mock, tutorial_video_request};
use serde_json::Value;

/// Finishes every job that has been started: the test clock is frozen, so jump past any
/// render time.
async fn finish_jobs(mock: &Mock) {
    mock.advance(3600.0).await;
}

#[tokio::test]
async fn legacy_endpoints_real_clients_call_cover_every_operation() {
    let mock = Mock::start().await;
    let client = mock.client();

    // Account: the quota is the credit balance in units of 1/60 credit; unlimited by default.
    let quota = client.get_remaining_quota().send().await.unwrap();
    assert_eq!(quota.data.remaining_quota, 6_000_000);
    assert_eq!(quota.data.details.api, 6_000_000);
    let me = client.get_current_user().send().await.unwrap();
    assert_eq!(me.code, 100);
    assert_eq!(me.data.username, "mock-user");

    // Avatar groups: a new account owns none; the stock groups are public.
    let own = client.list_avatar_groups().send().await.unwrap();
    assert_eq!(own.data.total_count, 0);
    assert!(own.data.avatar_group_list.is_empty());
    let public = client
        .list_avatar_groups()
        .include_public(true)
        .send()
        .await
        .unwrap();
    assert_eq!(public.data.total_count, 12);
    let angela = public
        .data
        .avatar_group_list
        .iter()
        .find(|g| g.id == "Angela")
        .expect("the tutorial's avatar has a group");
    assert_eq!(
        (angela.num_looks, angela.group_type.as_str()),
        (4, "PUBLIC")
    );
    let looks = client
        .list_avatar_group_avatars()
        .group_id("Angela")
        .send()
        .await
        .unwrap();
    assert_eq!(looks.data.avatar_list.len(), 4);
    for look in &looks.data.avatar_list {
        // Clients read either name pair.
        assert_eq!((&look.id, &look.name), (&look.avatar_id, &look.avatar_name));
        assert_eq!(look.group_id, "Angela");
    }
    assert!(
        looks
            .data
            .avatar_list
            .iter()
            .any(|l| l.avatar_id == "Angela-inTshirt-20220820")
    );
    match client
        .list_avatar_group_avatars()
        .group_id("Nobody")
        .send()
        .await
    {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.status().as_u16(), 404),
        other => panic!("expected 404, got {other:?}"),
    }
    let details = client
        .get_avatar_details()
        .avatar_id("Angela-inTshirt-20220820")
        .send()
        .await
        .unwrap();
    assert_eq!(details.data.id, "Angela-inTshirt-20220820");
    assert!(details.data.is_public);
    assert!(details.data.preview_video_url.contains("/media/"));

    // The v1 catalogue lists are the v2 catalogue under v1 keys.
    let v1_avatars = client.list_avatars_v1().send().await.unwrap();
    let v2_avatars = client.list_avatars().send().await.unwrap();
    assert_eq!(v1_avatars.data.avatars.len(), v2_avatars.data.avatars.len());
    let v1_voices = client.list_voices_v1().send().await.unwrap();
    let v2_voices = client.list_voices().send().await.unwrap();
    assert_eq!(v1_voices.data.list.len(), v2_voices.data.voices.len());
    assert!(v1_voices.data.list.iter().all(|v| v.display_name == v.name));

    // Brand voices page with `token`, on both documented paths.
    let first = client.list_brand_voices().limit(1).send().await.unwrap();
    assert_eq!((first.data.list.len(), first.data.total), (1, 2));
    let token = first.data.token.clone().expect("a second page");
    let second = client
        .list_brand_voices_v1()
        .limit(1)
        .token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(second.data.list.len(), 1);
    assert_ne!(second.data.list[0].id, first.data.list[0].id);
    assert_eq!(second.data.token, None, "no third page");
    let names = client
        .list_brand_voices()
        .name_only(true)
        .send()
        .await
        .unwrap();
    assert!(names.data.list.iter().all(|b| b.whitelist.is_empty()));

    // Videos of every generation show in video.list, newest first, a page at a time.
    let mut made = Vec::new();
    let mut request = tutorial_video_request();
    // HeyGen's MCP client sends unset optional fields as explicit nulls.
    request["callback_id"] = Value::Null;
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 200, "{body}");
    made.push(body["data"]["video_id"].as_str().unwrap().to_owned());
    let webm = client
        .generate_webm_video()
        .body_map(|b| {
            b.avatar_pose_id("Angela-inTshirt-20220820")
                .input_text(Some(
                    "Hello from a transparent background.".parse().unwrap(),
                ))
                .voice_id(Some("1bd001e7e50f421d891986aad5158bc8".to_owned()))
        })
        .send()
        .await
        .unwrap();
    made.push(webm.data.video_id.clone());
    let v3 = client
        .create_video_v3()
        .body(
            serde_json::from_value::<types::CreateVideoV3Request>(serde_json::json!({
                "type": "avatar", "avatar_id": "Angela-inTshirt-20220820",
                "script": "Made through v3.", "voice_id": "1bd001e7e50f421d891986aad5158bc8",
                "title": "From v3"
            }))
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    made.push(v3.data.video_id.clone());

    // Avatar IV from an uploaded photo, named by its image key.
    let dir = std::env::temp_dir().join(format!("heygen-legacy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let photo = dir.join("face.jpg");
    std::fs::write(&photo, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let uploaded = upload_file(&client, &photo, |_, _| {}).await.unwrap();
    let av4 = client
        .generate_avatar_iv_video()
        .body_map(|b| {
            b.image_key(format!("image/{}/original", uploaded.asset_id))
                .video_title("Talking photo")
                .script(Some("A still photo that talks.".parse().unwrap()))
                .voice_id("1bd001e7e50f421d891986aad5158bc8")
        })
        .send()
        .await
        .unwrap();
    made.push(av4.data.video_id.clone());
    match client
        .generate_avatar_iv_video()
        .body_map(|b| {
            b.image_key("image/missing/original")
                .video_title("No photo")
                .script(Some("Hi".parse().unwrap()))
                .voice_id("1bd001e7e50f421d891986aad5158bc8")
        })
        .send()
        .await
    {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.status().as_u16(), 404),
        other => panic!("expected 404 for an unknown image, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir).ok();

    finish_jobs(&mock).await;
    let status = client
        .get_video_status()
        .video_id(&webm.data.video_id)
        .send()
        .await
        .unwrap();
    let url = status.data.video_url.clone().expect("finished");
    assert!(url.contains(".webm"), "a WebM video: {url}");

    let mut listed = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut call = client.list_videos().limit(3);
        if let Some(t) = token.take() {
            call = call.token(t);
        }
        let page = call.send().await.unwrap();
        assert!(page.data.videos.len() <= 3);
        listed.extend(page.data.videos.iter().map(|v| v.video_id.clone()));
        match page.data.token.clone() {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();
    // After them come the tutorial's example videos, which the mock starts with.
    assert_eq!(
        listed[..made.len()],
        newest_first,
        "every generation's videos, newest first"
    );
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "pages do not overlap: {listed:?}"
    );
    let page = client.list_videos().send().await.unwrap();
    let from_v3 = page
        .data
        .videos
        .iter()
        .find(|v| v.video_id == v3.data.video_id)
        .unwrap();
    assert_eq!(from_v3.video_title.as_deref(), Some("From v3"));
    assert_eq!(from_v3.status, "completed");

    client
        .delete_video()
        .video_id(&made[0])
        .send()
        .await
        .unwrap();
    match client.get_video_status().video_id(&made[0]).send().await {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.status().as_u16(), 404),
        other => panic!("a deleted video is gone, got {other:?}"),
    }
    match client.delete_video().video_id(&made[0]).send().await {
        Err(Error::ErrorResponse(e)) => assert_eq!(e.status().as_u16(), 404),
        other => panic!("deleting twice is a 404, got {other:?}"),
    }
    let page = client.list_videos().send().await.unwrap();
    assert_eq!(page.data.videos.len(), listed.len() - 1);

    photo_avatars::exercise(&mock, &client).await;
    // Coverage: every legacy operation the tutorial does not show, answered with a success.
    let exercised: BTreeSet<String> = mock
        .report
        .exercised()
        .into_iter()
        .filter(|(_, status)| *status < 400)
        .map(|(op, _)| op)
        .collect();
    let all: BTreeSet<String> = Spec::embedded()
        .operations()
        .iter()
        .filter(|o| !o.path.starts_with("/v3/") && !o.is_tutorial())
        .map(|o| o.operation_id.clone())
        .collect();
    let missing: Vec<_> = all.difference(&exercised).collect();
    assert!(
        missing.is_empty(),
        "legacy operations the suite never exercised: {missing:?}"
    );
}

#[tokio::test]
async fn the_quota_follows_the_credit_balance() {
    let mock = Mock::with_config(Config {
        credits: Some(5),
        ..Config::for_tests()
    })
    .await;
    let client = mock.client();
    let quota = client.get_remaining_quota().send().await.unwrap();
    assert_eq!(quota.data.remaining_quota, 5 * 60);
    client
        .create_video_v3()
        .body(
            serde_json::from_value::<types::CreateVideoV3Request>(serde_json::json!({
                "type": "avatar", "avatar_id": "Angela-inTshirt-20220820",
                "script": "One credit.", "voice_id": "1bd001e7e50f421d891986aad5158bc8"
            }))
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let quota = client.get_remaining_quota().send().await.unwrap();
    assert_eq!(quota.data.remaining_quota, 4 * 60);
    assert_eq!(quota.data.details.api, 4 * 60);
}

#[tokio::test]
async fn webm_and_avatar_iv_refuse_what_heygen_refuses() {
    let mock = Mock::start().await;
    let no_speech = serde_json::json!({"avatar_pose_id": "Angela-inTshirt-20220820"});
    let (status, body) = mock.post_json("/v1/video.webm", &no_speech).await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(40011)),
        "{body}"
    );
    let nulls = serde_json::json!({
        "avatar_pose_id": "Angela-inTshirt-20220820", "input_text": null, "input_audio": null
    });
    let (status, body) = mock.post_json("/v1/video.webm", &nulls).await;
    assert_eq!(status, 400, "null is no speech either: {body}");
    let text_without_voice = serde_json::json!({
        "avatar_pose_id": "Angela-inTshirt-20220820", "input_text": "Hi"
    });
    let (status, body) = mock.post_json("/v1/video.webm", &text_without_voice).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("voice_id"),
        "{body}"
    );
    let unknown_avatar = serde_json::json!({
        "avatar_pose_id": "Nobody-1", "input_text": "Hi",
        "voice_id": "1bd001e7e50f421d891986aad5158bc8"
    });
    let (status, body) = mock.post_json("/v1/video.webm", &unknown_avatar).await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (404, Some(40004)),
        "{body}"
    );

    let no_audio = serde_json::json!({
        "image_key": "image/x/original", "video_title": "t",
        "voice_id": "1bd001e7e50f421d891986aad5158bc8"
    });
    let (status, body) = mock.post_json("/v2/video/av4/generate", &no_audio).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("script"),
        "{body}"
    );
    let (status, body) = mock
        .delete_json("/v1/video.delete?video_id=x&type=video_translate")
        .await;
    assert_eq!(status, 400, "{body}");
}
