//! HeyGen's v2 photo avatar family through the generated client: a generation's photos, a
//! group made from one of them and from an uploaded image, training, looks, motion, sound,
//! upscaling, the group in the avatar group listings, and a look used as a video's talking
//! photo. Called by the legacy suite, whose coverage check then holds every operation here to
//! a success. The errors HeyGen documents or implies are checked with raw requests.

use heygen_api::{Client, Error, assets::upload_file, types};
use heygen_tests::{API_KEY, Mock, Receiver, body};
use serde_json::{Value, json};

const VOICE: &str = "1bd001e7e50f421d891986aad5158bc8";

/// The status of a failed client call (panics on success).
fn status_of<T: std::fmt::Debug>(result: Result<T, Error<types::V2ErrorResponse>>) -> u16 {
    match result {
        Err(Error::ErrorResponse(e)) => e.status().as_u16(),
        other => panic!("expected an error answer, got {other:?}"),
    }
}

/// The whole family on one mock; `mock`'s clock is frozen, so every step moves it on.
pub async fn exercise(mock: &Mock, client: &Client) {
    // A photo generation: in progress, then four real JPEGs with their image keys, announced
    // (unsigned) to its callback URL.
    let mut receiver = Receiver::start(0).await;
    let generated = client
        .generate_photo_avatar_photos()
        .body(body::<types::PhotoAvatarPhotoGenerateRequest>(json!({
            "name": "Lina", "age": "Young Adult", "gender": "Woman", "ethnicity": "East Asian",
            "orientation": "horizontal", "pose": "half_body", "style": "Realistic",
            "appearance": "A friendly woman in a navy blazer", "callback_id": "lina-1",
            "callback_url": receiver.url
        })))
        .send()
        .await
        .unwrap();
    let generation_id = generated.data.generation_id.clone();
    let pending = client
        .get_photo_avatar_generation()
        .generation_id(&generation_id)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.data.status.to_string(), "in_progress");
    assert!(pending.data.image_url_list.is_none() && pending.data.image_key_list.is_none());
    // An image key of a generation still in progress is refused.
    let early_key = format!("image/{generation_id}_0/original");
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/create",
            &json!({"name": "Too early", "image_key": early_key}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_i64()),
        (400, Some(40011)),
        "{answer}"
    );
    mock.advance(3600.0).await;
    let done = client
        .get_photo_avatar_generation()
        .generation_id(&generation_id)
        .send()
        .await
        .unwrap();
    assert_eq!(done.data.status.to_string(), "success");
    let urls = done.data.image_url_list.clone().expect("photos once done");
    let keys = done.data.image_key_list.clone().expect("keys once done");
    assert_eq!((urls.len(), keys.len()), (4, 4));
    for (url, key) in urls.iter().zip(&keys) {
        assert!(
            key.starts_with("image/") && key.ends_with("/original"),
            "{key}"
        );
        assert_eq!(&mock.fetch(url).await[..2], &[0xFF, 0xD8], "a JPEG: {url}");
    }
    let delivery = receiver.next_accepted().await;
    let event = delivery.json();
    assert_eq!(
        event["event_type"], "photo_avatar_generation.success",
        "{event}"
    );
    assert_eq!(event["event_data"]["generation_id"], generation_id.as_str());
    assert_eq!(event["event_data"]["callback_id"], "lina-1");
    assert!(
        delivery.signature().is_none(),
        "callback_url deliveries are not signed"
    );

    // A generation forced to fail reports `failed` with why; its keys make no group.
    let failing: Value = mock
        .http
        .post(format!("{}/v2/photo_avatar/photo/generate", mock.url()))
        .header("X-Api-Key", API_KEY)
        .header("X-Mock-Outcome", "failed")
        .json(&json!({
            "name": "Nope", "age": "Senior", "gender": "Man", "ethnicity": "Unspecified",
            "orientation": "square", "pose": "close_up", "style": "Noir", "appearance": "Anyone"
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let failing_id = failing["data"]["generation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    mock.advance(3600.0).await;
    let failed = client
        .get_photo_avatar_generation()
        .generation_id(&failing_id)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.data.status.to_string(), "failed");
    assert!(failed.data.msg.is_some() && failed.data.image_url_list.is_none());
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/create",
            &json!({"name": "Nope", "image_key": format!("image/{failing_id}_0/original")}),
        )
        .await;
    assert_eq!(status, 400, "{answer}");

    // A group from a generated photo: its first look is the group and is pending at first.
    let group = client
        .create_photo_avatar_group()
        .body(body::<types::PhotoAvatarGroupCreateRequest>(json!({
            "name": "Lina", "image_key": keys[0], "generation_id": generation_id
        })))
        .send()
        .await
        .unwrap();
    let group_id = group.data.id.clone();
    assert_eq!(group.data.group_id, group_id);
    assert_eq!(group.data.status, "pending");
    assert_eq!(group.data.image_url, "");
    assert_eq!(group.data.business_type.as_deref(), Some("generated"));
    // Training needs every look processed.
    let (status, answer) = mock
        .post_json("/v2/photo_avatar/train", &json!({"group_id": group_id}))
        .await;
    assert_eq!(status, 400, "{answer}");

    // More looks: a second generated photo and an uploaded image, by its `/v1/asset` key.
    let dir = std::env::temp_dir().join(format!("heygen-photo-avatars-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let photo = dir.join("face.jpg");
    std::fs::write(&photo, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let uploaded = upload_file(client, &photo, |_, _| {}).await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let upload_key = format!("image/{}/original", uploaded.asset_id);
    let added = client
        .add_photo_avatar_looks()
        .body(body::<types::PhotoAvatarGroupAddRequest>(json!({
            "group_id": group_id, "image_keys": [keys[1], upload_key], "name": "Lina at work"
        })))
        .send()
        .await
        .unwrap();
    let added = &added.data.photo_avatar_list;
    assert_eq!(added.len(), 2);
    assert!(
        added
            .iter()
            .all(|l| l.group_id == group_id && l.status == "pending")
    );
    assert_eq!(added[1].business_type.as_deref(), Some("user_upload"));
    // At most four keys per call; unknown groups and keys are 404s.
    let five = vec![keys[0].clone(); 5];
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/add",
            &json!({"group_id": group_id, "image_keys": five}),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/add",
            &json!({"group_id": "no-such-group", "image_keys": [keys[0]]}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_i64()),
        (404, Some(40004)),
        "{answer}"
    );
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/avatar_group/create",
            &json!({"name": "Nobody", "image_key": "image/0123456789abcdef/original"}),
        )
        .await;
    assert_eq!(status, 404, "{answer}");

    // Looks are generated only for a trained group.
    let (status, answer) = mock
        .post_json(
            "/v2/photo_avatar/look/generate",
            &json!({"group_id": group_id, "prompt": "In a cafe"}),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not trained"),
        "{answer}"
    );
    assert_eq!(
        status_of(
            client
                .get_photo_avatar_training()
                .group_id(&group_id)
                .send()
                .await
        ),
        400,
        "a group never trained has no training status"
    );

    // Processed looks, then training: pending → ready.
    mock.advance(3600.0).await;
    let first = client
        .get_photo_avatar_look()
        .id(&group_id)
        .send()
        .await
        .unwrap();
    assert_eq!(first.data.status, "completed");
    assert_eq!(&mock.fetch(&first.data.image_url).await[..2], &[0xFF, 0xD8]);
    assert!(!first.data.upscale_availability.as_ref().unwrap().available);
    client
        .train_photo_avatar_group()
        .body(body::<types::PhotoAvatarTrainRequest>(
            json!({"group_id": group_id}),
        ))
        .send()
        .await
        .unwrap();
    let training = client
        .get_photo_avatar_training()
        .group_id(&group_id)
        .send()
        .await
        .unwrap();
    assert_eq!(training.data.status.to_string(), "pending");
    assert!(training.data.updated_at.is_none());
    let (status, answer) = mock
        .post_json("/v2/photo_avatar/train", &json!({"group_id": group_id}))
        .await;
    assert_eq!(status, 400, "already training: {answer}");
    mock.advance(3600.0).await;
    let training = client
        .get_photo_avatar_training()
        .group_id(&group_id)
        .send()
        .await
        .unwrap();
    assert_eq!(training.data.status.to_string(), "ready");
    assert!(training.data.updated_at.is_some());

    // New looks from a prompt, polled like any generation.
    let looks = client
        .generate_photo_avatar_looks()
        .body(body::<types::PhotoAvatarLookGenerateRequest>(json!({
            "group_id": group_id, "prompt": "Wearing a red sweater", "orientation": "square",
            "pose": "close_up", "style": "Cinematic"
        })))
        .send()
        .await
        .unwrap();
    mock.advance(3600.0).await;
    let look_photos = client
        .get_photo_avatar_generation()
        .generation_id(&looks.data.generation_id)
        .send()
        .await
        .unwrap();
    assert_eq!(look_photos.data.status.to_string(), "success");

    // Motion: a new look id, pending, then a real MP4 preview; only motion looks upscale.
    let (status, answer) = mock
        .post_json("/v2/photo_avatar/upscale", &json!({"id": group_id}))
        .await;
    assert_eq!(status, 400, "a still look cannot be upscaled: {answer}");
    let motion = client
        .add_photo_avatar_motion()
        .body(body::<types::PhotoAvatarAddMotionRequest>(
            json!({"id": group_id}),
        ))
        .send()
        .await
        .unwrap();
    let motion_id = motion.data.id.clone();
    assert_ne!(motion_id, group_id);
    let pending = client
        .get_photo_avatar_look()
        .id(&motion_id)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.data.status, "pending");
    assert_eq!(pending.data.is_motion, Some(true));
    assert!(pending.data.motion_preview_url.is_none());
    mock.advance(3600.0).await;
    let moving = client
        .get_photo_avatar_look()
        .id(&motion_id)
        .send()
        .await
        .unwrap();
    assert_eq!(moving.data.status, "completed");
    assert_eq!(moving.data.group_id, group_id);
    let preview = moving.data.motion_preview_url.clone().expect("a preview");
    assert_eq!(&mock.fetch(&preview).await[4..8], b"ftyp", "an MP4");
    assert!(moving.data.upscale_availability.as_ref().unwrap().available);

    let sound = client
        .add_photo_avatar_sound_effect()
        .body(body::<types::PhotoAvatarIdRequest>(
            json!({"id": motion_id}),
        ))
        .send()
        .await
        .unwrap();
    assert!(!sound.data.sound_effect_id.is_empty());
    let with_sound = client
        .get_photo_avatar_look()
        .id(&motion_id)
        .send()
        .await
        .unwrap();
    let sound_url = with_sound
        .data
        .background_sound_effect
        .clone()
        .expect("a sound");
    assert!(!mock.fetch(&sound_url).await.is_empty());

    let upscaled = client
        .upscale_photo_avatar()
        .body(body::<types::PhotoAvatarIdRequest>(
            json!({"id": motion_id}),
        ))
        .send()
        .await
        .unwrap();
    mock.advance(3600.0).await;
    let upscaled = client
        .get_photo_avatar_look()
        .id(&upscaled.data.id)
        .send()
        .await
        .unwrap();
    assert_eq!(upscaled.data.status, "completed");
    assert_eq!(upscaled.data.upscaled, Some(true));

    // The group is the account's own: listed without include_public, with its looks.
    let own = client.list_avatar_groups().send().await.unwrap();
    assert_eq!(own.data.total_count, 1);
    let listed = &own.data.avatar_group_list[0];
    assert_eq!(
        (
            listed.id.as_str(),
            listed.name.as_str(),
            listed.group_type.as_str()
        ),
        (group_id.as_str(), "Lina", "PRIVATE")
    );
    assert_eq!(listed.num_looks, 5);
    assert_eq!(listed.train_status.as_deref(), Some("ready"));
    let all = client
        .list_avatar_groups()
        .include_public(true)
        .send()
        .await
        .unwrap();
    assert_eq!(all.data.total_count, 13);
    let members = client
        .list_avatar_group_avatars()
        .group_id(&group_id)
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = members
        .data
        .avatar_list
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids[0], group_id);
    assert!(ids.contains(&motion_id.as_str()));

    // A completed look is a talking photo of a legacy video, which renders.
    let video = client
        .generate_video()
        .body(body::<types::VideoGenerateRequest>(json!({
            "video_inputs": [{
                "character": {"type": "talking_photo", "talking_photo_id": motion_id},
                "voice": {"type": "text", "input_text": "My photo speaks.", "voice_id": VOICE}
            }]
        })))
        .send()
        .await
        .unwrap();
    mock.advance(3600.0).await;
    let rendered = client
        .get_video_status()
        .video_id(&video.data.video_id)
        .send()
        .await
        .unwrap();
    let url = rendered.data.video_url.clone().expect("rendered");
    assert_eq!(&mock.fetch(&url).await[4..8], b"ftyp");
    // And an `avatar_id` of a v3 video.
    let (status, answer) = mock
        .post_json(
            "/v3/videos",
            &json!({"type": "avatar", "avatar_id": motion_id, "script": "Hi.", "voice_id": VOICE}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");

    // Deleting a look, then the group with everything in it.
    client
        .delete_photo_avatar()
        .id(&added[0].id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_of(client.get_photo_avatar_look().id(&added[0].id).send().await),
        404
    );
    client
        .delete_photo_avatar()
        .id(&group_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_of(client.get_photo_avatar_look().id(&motion_id).send().await),
        404
    );
    assert_eq!(
        status_of(
            client
                .list_avatar_group_avatars()
                .group_id(&group_id)
                .send()
                .await
        ),
        404
    );
    let own = client.list_avatar_groups().send().await.unwrap();
    assert_eq!(own.data.total_count, 0);
    let (status, answer) = mock
        .post_json(
            "/v2/video/generate",
            &json!({"video_inputs": [{
                "character": {"type": "talking_photo", "talking_photo_id": motion_id},
                "voice": {"type": "silence"}
            }]}),
        )
        .await;
    assert_eq!(status, 404, "a deleted look makes no video: {answer}");
    assert_eq!(
        status_of(
            client
                .get_photo_avatar_generation()
                .generation_id("no-such-generation")
                .send()
                .await
        ),
        404
    );

    // A reset forgets the generations.
    let (status, answer) = mock.post_json("/_mock/reset", &json!({})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        status_of(
            client
                .get_photo_avatar_generation()
                .generation_id(&generation_id)
                .send()
                .await
        ),
        404
    );
}
