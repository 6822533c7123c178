//! The legacy (v1/v2) endpoints real HeyGen integrations call that the tutorial does not show
//! (issue #14), through the generated client with the conformance layer on: the account's
//! quota and user, the avatar groups and details, the v1 avatar and voice lists, brand voices,
//! the v1 video list and delete, WebM and Avatar IV videos. Like the tutorial's and the v3
//! suites, it fails if one of these operations is never answered with a success.

#[path = "legacy/photo_avatars.rs"]
mod photo_avatars;
use std::collections::BTreeSet;

use heygen_api::{
    assets::{UploadError, upload_base_url, upload_file, upload_raw, upload_talking_photo},
    types,
};
use heygen_mock::Config;
use heygen_spec::Spec;
use heygen_tests::{Mock, error_status, tutorial_video_request};
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
    assert_eq!(
        error_status(
            client
                .list_avatar_group_avatars()
                .group_id("Nobody")
                .send()
                .await,
            "expected 404"
        ),
        404
    );
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
    assert_eq!(
        error_status(
            client
                .generate_avatar_iv_video()
                .body_map(|b| {
                    b.image_key("image/missing/original")
                        .video_title("No photo")
                        .script(Some("Hi".parse().unwrap()))
                        .voice_id("1bd001e7e50f421d891986aad5158bc8")
                })
                .send()
                .await,
            "expected 404 for an unknown image"
        ),
        404
    );
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
    assert_eq!(
        error_status(
            client.get_video_status().video_id(&made[0]).send().await,
            "a deleted video is gone"
        ),
        404
    );
    assert_eq!(
        error_status(
            client.delete_video().video_id(&made[0]).send().await,
            "deleting twice is a 404"
        ),
        404
    );
    let page = client.list_videos().send().await.unwrap();
    assert_eq!(page.data.videos.len(), listed.len() - 1);

    uploads_and_talking_photos(&mock, &client).await;
    folders(&client).await;
    translations_v2(&mock, &client).await;
    personalized_videos(&mock, &client).await;
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

/// Raw-body uploads on the "upload host" (the mock itself), the v1 asset list shared with
/// `/v3/assets`, and talking photos as video characters.
async fn uploads_and_talking_photos(mock: &Mock, client: &heygen_api::Client) {
    let upload_base = upload_base_url(client);
    assert_eq!(
        upload_base,
        mock.url(),
        "a mock serves the upload routes itself"
    );
    let dir = std::env::temp_dir().join(format!("heygen-legacy-up-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jpeg = dir.join("face.jpg");
    std::fs::write(&jpeg, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let mp3 = dir.join("voice.mp3");
    std::fs::write(&mp3, heygen_mock::core::media::VOICE_MP3).unwrap();

    let progress = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = progress.clone();
    let image = upload_raw(
        client,
        &upload_base,
        &jpeg,
        "image/jpeg",
        move |sent, total| {
            sink.lock().unwrap().push((sent, total));
        },
    )
    .await
    .unwrap();
    let size = heygen_mock::core::media::THUMBNAIL_JPG.len() as u64;
    assert_eq!(progress.lock().unwrap().last(), Some(&(size, size)));
    assert_eq!(image.file_type, "image");
    assert_eq!(
        image.image_key.as_deref(),
        Some(format!("image/{}/original", image.id).as_str())
    );
    let served = mock.http.get(&image.url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.bytes().await.unwrap().as_ref(),
        heygen_mock::core::media::THUMBNAIL_JPG
    );
    let audio = upload_raw(client, &upload_base, &mp3, "audio/mpeg", |_, _| {})
        .await
        .unwrap();
    assert_eq!((audio.file_type.as_str(), audio.image_key), ("audio", None));
    // The bytes must be what the Content-Type says, and the type one HeyGen takes.
    match upload_raw(client, &upload_base, &jpeg, "image/png", |_, _| {}).await {
        Err(UploadError::Api { status, code, .. }) => {
            assert_eq!((status, code.as_str()), (400, "40011"))
        }
        other => panic!("expected 400, got {other:?}"),
    }
    match upload_raw(client, &upload_base, &jpeg, "text/plain", |_, _| {}).await {
        Err(UploadError::Api { status, .. }) => assert_eq!(status, 415),
        other => panic!("expected 415, got {other:?}"),
    }
    // One store for both generations: a v3 upload lists in v1 and the reverse.
    let v3 = upload_file(client, &jpeg, |_, _| {}).await.unwrap();
    let listed = client.list_assets().send().await.unwrap();
    let ids: Vec<&str> = listed.data.assets.iter().map(|a| a.id.as_str()).collect();
    assert!(
        ids.contains(&image.id.as_str()) && ids.contains(&v3.asset_id.as_str()),
        "{ids:?}"
    );
    let v3_list = client
        .list_assets_v3()
        .username("mock-user")
        .send()
        .await
        .unwrap();
    assert!(v3_list.data.iter().any(|a| a.id == image.id));
    let images = client
        .list_assets()
        .file_type(types::ListAssetsFileType::Image)
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(images.data.assets.len(), 1);
    assert!(
        images.data.total >= 2,
        "total counts every page: {}",
        images.data.total
    );
    let next = client
        .list_assets()
        .file_type(types::ListAssetsFileType::Image)
        .limit(1)
        .token(images.data.token.clone().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_ne!(next.data.assets[0].id, images.data.assets[0].id);
    assert!(next.data.assets.iter().all(|a| a.file_type == "image"));
    client
        .delete_asset()
        .asset_id(&audio.id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_status(
            client.delete_asset().asset_id(&audio.id).send().await,
            "deleting twice is a 404"
        ),
        404
    );

    // Talking photos: upload one, list it, make a video with it, delete it.
    let photo = upload_talking_photo(client, &upload_base, &jpeg, "image/jpeg")
        .await
        .unwrap();
    let listed = client.list_talking_photos().send().await.unwrap();
    assert_eq!(listed.data[0].id, photo.talking_photo_id, "newest first");
    assert!(
        listed.data.iter().any(|t| t.id == "tp_8c2b8a5f2d2d4a3c"),
        "stock ones too"
    );
    let mut request = tutorial_video_request();
    request["video_inputs"][0]["character"] = serde_json::json!({
        "type": "talking_photo", "talking_photo_id": photo.talking_photo_id
    });
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 200, "{body}");
    client
        .delete_talking_photo()
        .talking_photo_id(&photo.talking_photo_id)
        .send()
        .await
        .unwrap();
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 404, "a deleted talking photo is gone: {body}");
    assert_eq!(
        error_status(
            client
                .delete_talking_photo()
                .talking_photo_id("tp_8c2b8a5f2d2d4a3c")
                .send()
                .await,
            "stock talking photos stay"
        ),
        400
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Folders: create, nest, filter, rename, trash with what is inside, restore.
async fn folders(client: &heygen_api::Client) {
    let create = |name: &'static str, parent: Option<String>| async move {
        client
            .create_folder()
            .body_map(|b| {
                b.name(name.parse::<types::FolderCreateRequestName>().unwrap())
                    .parent_id(parent)
            })
            .send()
            .await
    };
    let parent = create("Launch", None).await.unwrap().into_inner().data;
    assert_eq!(
        (parent.project_type, parent.is_trash),
        (types::FolderProjectType::Mixed, false)
    );
    let child = create("Launch week 2", Some(parent.id.clone()))
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(child.parent_id.as_deref(), Some(parent.id.as_str()));
    assert_eq!(
        error_status(
            create("Orphan", Some("fld_missing".into())).await,
            "expected 404 for an unknown parent"
        ),
        404
    );
    let inside = client
        .list_folders()
        .parent_id(&parent.id)
        .send()
        .await
        .unwrap();
    assert_eq!(inside.data.folders.len(), 1);
    assert_eq!(inside.data.folders[0].id, child.id);
    let named = client
        .list_folders()
        .name_filter("WEEK")
        .send()
        .await
        .unwrap();
    assert_eq!(named.data.total, 1);
    let renamed = client
        .rename_folder()
        .folder_id(&child.id)
        .body_map(|b| {
            b.name(
                "Launch week two"
                    .parse::<types::FolderRenameRequestName>()
                    .unwrap(),
            )
        })
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.data.name, "Launch week two");

    let trashed = client
        .trash_folder()
        .folder_id(&parent.id)
        .send()
        .await
        .unwrap();
    assert!(trashed.data.is_trash);
    let bin = client.list_folders().is_trash(true).send().await.unwrap();
    assert_eq!(bin.data.total, 2, "the folder inside went too");
    assert_eq!(client.list_folders().send().await.unwrap().data.total, 0);
    assert_eq!(
        error_status(
            client.restore_folder().folder_id(&child.id).send().await,
            "a folder inside a trashed one cannot come back alone"
        ),
        400
    );
    let restored = client
        .restore_folder()
        .folder_id(&parent.id)
        .send()
        .await
        .unwrap();
    assert!(!restored.data.is_trash);
    let live = client.list_folders().limit(1).send().await.unwrap();
    assert_eq!((live.data.folders.len(), live.data.total), (1, 2));
    assert_eq!(live.data.folders[0].id, child.id, "newest first");
    let rest = client
        .list_folders()
        .token(live.data.token.clone().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.data.folders[0].id, parent.id);
    assert_eq!(
        error_status(
            client.trash_folder().folder_id("fld_missing").send().await,
            "expected 404"
        ),
        404
    );
}

/// The v2 translation paths: languages, one job per language, v2 statuses, SRT and WebVTT
/// captions, and the rules on what is asked.
async fn translations_v2(mock: &Mock, client: &heygen_api::Client) {
    let languages = client.list_translation_languages().send().await.unwrap();
    assert!(languages.data.languages.iter().any(|l| l == "Spanish"));
    let one = client
        .create_video_translation()
        .body_map(|b| {
            b.video_url("https://example.com/talk.mp4")
                .output_language(Some("Spanish".to_owned()))
                .title(Some("Talk (Spanish)".to_owned()))
                .enable_caption(Some(true))
        })
        .send()
        .await
        .unwrap();
    let id = one
        .data
        .video_translate_id
        .clone()
        .expect("one id for one language");
    assert_eq!(one.data.video_translate_ids, None);
    let pending = client
        .get_video_translation()
        .video_translate_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        pending.data.status,
        types::VideoTranslationV2Status::Pending
    );
    assert_eq!(pending.data.url, None);
    assert_eq!(
        error_status(
            client
                .get_video_translation_caption()
                .video_translate_id(&id)
                .caption_type(types::GetVideoTranslationCaptionCaptionType::Srt)
                .send()
                .await,
            "no captions before the video"
        ),
        400
    );
    let many = client
        .create_video_translation()
        .body_map(|b| {
            b.video_url("https://example.com/talk.mp4")
                .output_languages(Some(vec!["French".to_owned(), "German".to_owned()]))
        })
        .send()
        .await
        .unwrap();
    let ids = many
        .data
        .video_translate_ids
        .clone()
        .expect("one id per language");
    assert_eq!(ids.len(), 2);
    let unfetchable = client
        .create_video_translation()
        .body_map(|b| {
            b.video_url("ftp://example.com/talk.mp4")
                .output_language(Some("French".to_owned()))
        })
        .send()
        .await
        .unwrap();
    finish_jobs(mock).await;

    let done = client
        .get_video_translation()
        .video_translate_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(done.data.status, types::VideoTranslationV2Status::Success);
    assert_eq!(done.data.title, "Talk (Spanish)");
    assert!(
        done.data
            .url
            .as_deref()
            .is_some_and(|u| u.contains("/media/"))
    );
    // The tutorial's v1 status path reads the same job.
    let (status, body) = mock
        .get_json(&format!(
            "/v1/video_translate_status.get?video_translate_id={id}"
        ))
        .await;
    assert_eq!(
        (status, body["data"]["status"].as_str()),
        (200, Some("completed"))
    );
    let french = client
        .get_video_translation()
        .video_translate_id(&ids[0])
        .send()
        .await
        .unwrap();
    assert_eq!(french.data.output_language.as_deref(), Some("French"));
    let failed = client
        .get_video_translation()
        .video_translate_id(unfetchable.data.video_translate_id.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(failed.data.status, types::VideoTranslationV2Status::Failed);
    assert!(failed.data.message.is_some());

    for (kind, header) in [
        (
            types::GetVideoTranslationCaptionCaptionType::Srt,
            "1\n00:00:00,000 --> 00:00:05,000\n",
        ),
        (
            types::GetVideoTranslationCaptionCaptionType::Vtt,
            "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n",
        ),
    ] {
        let caption = client
            .get_video_translation_caption()
            .video_translate_id(&id)
            .caption_type(kind)
            .send()
            .await
            .unwrap();
        let text = mock
            .http
            .get(&caption.data.caption_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(text.starts_with(header), "{text}");
        assert!(text.contains("[Spanish]"), "{text}");
    }
    assert_eq!(
        error_status(
            client
                .get_video_translation_caption()
                .video_translate_id(&ids[0])
                .caption_type(types::GetVideoTranslationCaptionCaptionType::Vtt)
                .send()
                .await,
            "no captions without enable_caption"
        ),
        400
    );
    for bad in [
        serde_json::json!({"video_url": "https://example.com/a.mp4", "output_language": "Klingon"}),
        serde_json::json!({"video_url": "https://example.com/a.mp4"}),
        serde_json::json!({"video_url": "https://example.com/a.mp4", "output_language": "French",
                           "output_languages": ["German"]}),
    ] {
        let (status, body) = mock.post_json("/v2/video_translate", &bad).await;
        assert_eq!(
            (status, body["error"]["code"].as_i64()),
            (400, Some(40011)),
            "{body}"
        );
    }
}

/// Personalized video: contacts in, one video each, read by id and through the project.
async fn personalized_videos(mock: &Mock, client: &heygen_api::Client) {
    const PROJECT: &str = "79c7ea088217434b9796626d93f1ddf7";
    let contact = |email: &str, name: &str| {
        [("email", email), ("first_name", name)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<std::collections::BTreeMap<String, String>>()
    };
    let added = client
        .add_personalized_video_contacts()
        .body_map(|b| {
            b.project_id(PROJECT).variables_list(vec![
                contact("josh@example.com", "Josh"),
                contact("ana@example.com", "Ana"),
            ])
        })
        .send()
        .await
        .unwrap();
    assert_eq!(added.data.video_ids.len(), 2);
    let first = client
        .get_personalized_video()
        .id(&added.data.video_ids[0])
        .send()
        .await
        .unwrap();
    assert_eq!(first.data.status, types::PersonalizedVideoStatus::Pending);
    assert_eq!(
        first
            .data
            .contact_info
            .get("first_name")
            .map(String::as_str),
        Some("Josh")
    );
    assert_eq!(first.data.video_url, None);
    finish_jobs(mock).await;
    let done = client
        .get_personalized_video()
        .id(&added.data.video_ids[0])
        .send()
        .await
        .unwrap();
    assert_eq!(done.data.status, types::PersonalizedVideoStatus::Completed);
    let page = done.data.landing_page_url.clone().expect("a landing page");
    let html = mock
        .http
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Hi Josh!"), "{html}");
    assert!(
        done.data
            .gif_html
            .as_deref()
            .is_some_and(|h| h.contains("<img"))
    );
    let project = client
        .get_personalized_video_project()
        .id(PROJECT)
        .send()
        .await
        .unwrap();
    assert_eq!(project.data.audience_count, 2);
    assert_eq!(
        project.data.audience[0].video_id, added.data.video_ids[1],
        "newest first"
    );
    assert_eq!(project.data.variables, ["email", "first_name"]);

    let missing_name = serde_json::json!({
        "project_id": PROJECT, "variables_list": [{"email": "x@example.com"}]
    });
    let (status, body) = mock
        .post_json("/v1/personalized_video/add_contact", &missing_name)
        .await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(40011)),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("first_name"),
        "{body}"
    );
    let (status, _) = mock
        .get_json("/v1/personalized_video/project/detail?id=nope")
        .await;
    assert_eq!(status, 404);
}
