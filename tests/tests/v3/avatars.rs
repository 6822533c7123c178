//! HeyGen's v3 avatars through the generated client: the stock catalogue as public groups and
//! looks, photo avatars from an uploaded image and from a URL, a digital twin through its
//! consent (page and video), a prompt avatar guided by a look, renames, deletes (a group's last
//! look takes the group), forced training failures, idempotent creates, and a trained look
//! used as a v3 video's `avatar_id`. Called by the v3 suite, whose coverage check holds every
//! operation here to a success.

use heygen_api::{Client, assets::upload_file, types};
use heygen_tests::{Mock, body, error_status};
use serde_json::{Value, json};

/// A stock look of `/v2/avatars`, and its group.
const STOCK_LOOK: &str = "Angela-inTshirt-20220820";
const STOCK_GROUP: &str = "Angela";
const VOICE: &str = "1bd001e7e50f421d891986aad5158bc8";

fn status_of(look: &types::AvatarLookV3) -> Option<String> {
    look.status.as_ref().map(ToString::to_string)
}

fn group_status(group: &types::AvatarGroupV3) -> Option<String> {
    group.status.as_ref().map(ToString::to_string)
}

async fn get_look(client: &Client, id: &str) -> types::AvatarLookV3 {
    client
        .get_avatar_look_v3()
        .look_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

async fn get_group(client: &Client, id: &str) -> types::AvatarGroupV3 {
    client
        .get_avatar_group_v3()
        .group_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

async fn create(client: &Client, request: Value) -> types::AvatarCreatedV3 {
    client
        .create_avatar_v3()
        .body(body::<types::CreateAvatarV3Request>(request))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

/// A video of `avatar_id` through `POST /v3/videos`.
async fn video_of(mock: &Mock, avatar_id: &str) -> (u16, Value) {
    mock.post_json(
        "/v3/videos",
        &json!({"type": "avatar", "avatar_id": avatar_id, "script": "Hi, it's me.", "voice_id": VOICE}),
    )
    .await
}

/// Every `/v3/avatars` operation, on one mock whose clock the steps move on.
pub async fn exercise(mock: &Mock, client: &Client) {
    stock_catalogue(client).await;
    let (photo_look, photo_group) = photo_avatar_from_an_upload(mock, client).await;
    twin_and_consent(mock, client).await;
    prompt_renames_and_deletes(mock, client, &photo_look, &photo_group).await;
    create_errors_and_idempotency(mock, client).await;
}

/// The stock avatars of `/v2/avatars` are public groups and `studio_avatar` looks under the
/// same ids; they cannot be renamed, deleted or consented.
async fn stock_catalogue(client: &Client) {
    let groups = client
        .list_avatar_groups_v3()
        .ownership("public")
        .limit(50)
        .send()
        .await
        .unwrap();
    let angela = groups
        .data
        .iter()
        .find(|g| g.id == STOCK_GROUP)
        .expect("the stock group is listed");
    assert!(angela.looks_count >= 1);
    assert!(
        angela.status.is_none(),
        "public groups have no training status"
    );
    assert!(groups.data.iter().all(|g| g.status.is_none()));

    let looks = client
        .list_avatar_looks_v3()
        .avatar_type("studio_avatar")
        .group_id(STOCK_GROUP)
        .send()
        .await
        .unwrap();
    assert!(looks.data.iter().any(|l| l.id == STOCK_LOOK));
    assert!(
        looks
            .data
            .iter()
            .all(|l| l.group_id.as_deref() == Some(STOCK_GROUP))
    );

    let look = get_look(client, STOCK_LOOK).await;
    assert_eq!(look.avatar_type, types::AvatarTypeV3::StudioAvatar);
    assert!(look.preview_image_url.is_some() && look.preview_video_url.is_some());
    assert!(look.supported_api_engines.iter().any(|e| e == "avatar_iv"));
    let group = get_group(client, STOCK_GROUP).await;
    assert_eq!(group.looks_count, angela.looks_count);

    // Pages by cursor, without repeats.
    let first = client
        .list_avatar_looks_v3()
        .ownership("public")
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.data.len(), 2);
    assert!(first.has_more);
    let second = client
        .list_avatar_looks_v3()
        .ownership("public")
        .limit(2)
        .token(first.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert!(
        second
            .data
            .iter()
            .all(|l| first.data.iter().all(|f| f.id != l.id))
    );

    let renamed = client
        .update_avatar_look_v3()
        .look_id(STOCK_LOOK)
        .body(body::<types::UpdateAvatarLookV3Request>(
            json!({"name": "Mine now"}),
        ))
        .send()
        .await;
    assert_eq!(error_status(renamed, "a stock look cannot be renamed"), 400);
    let deleted = client
        .delete_avatar_look_v3()
        .look_id(STOCK_LOOK)
        .send()
        .await;
    assert_eq!(error_status(deleted, "a stock look cannot be deleted"), 400);
    let deleted = client
        .delete_avatar_group_v3()
        .group_id(STOCK_GROUP)
        .send()
        .await;
    assert_eq!(
        error_status(deleted, "a public group cannot be deleted"),
        400
    );
    let consent = client
        .create_avatar_consent_v3()
        .group_id(STOCK_GROUP)
        .body(body::<types::CreateAvatarConsentV3Request>(json!({})))
        .send()
        .await;
    assert_eq!(
        error_status(consent, "a public group needs no consent"),
        400
    );
    let missing = client
        .get_avatar_look_v3()
        .look_id("no-such-look")
        .send()
        .await;
    assert_eq!(error_status(missing, "an unknown look"), 404);
    let missing = client
        .get_avatar_group_v3()
        .group_id("no-such-group")
        .send()
        .await;
    assert_eq!(error_status(missing, "an unknown group"), 404);
    let bad_limit = client.list_avatar_groups_v3().limit(51).send().await;
    assert_eq!(error_status(bad_limit, "limit is at most 50"), 400);
}

/// A photo avatar from an uploaded image: processing, then trained (announced), then a v3
/// video's `avatar_id`. Returns the look and its group.
async fn photo_avatar_from_an_upload(mock: &Mock, client: &Client) -> (String, String) {
    let dir = std::env::temp_dir().join(format!("heygen-v3-avatars-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jpeg = dir.join("portrait.jpg");
    std::fs::write(&jpeg, heygen_mock::core::media::THUMBNAIL_JPG).unwrap();
    let asset = upload_file(client, &jpeg, |_, _| {}).await.unwrap();

    let created = create(
        client,
        json!({"type": "photo", "name": "Office portrait",
               "file": {"type": "asset_id", "asset_id": asset.asset_id}}),
    )
    .await;
    let look = created.avatar_item.expect("the new look");
    let group = created.avatar_group.expect("its group");
    assert_eq!(look.avatar_type, types::AvatarTypeV3::PhotoAvatar);
    assert_eq!(status_of(&look).as_deref(), Some("processing"));
    assert!(
        look.preview_image_url.is_none(),
        "no preview before training"
    );
    assert_eq!(look.group_id.as_deref(), Some(group.id.as_str()));
    assert_eq!(group_status(&group).as_deref(), Some("processing"));
    assert_eq!(group.looks_count, 1);
    assert!(
        group.consent_status.is_none(),
        "photo avatars need no consent"
    );

    // Not usable while training.
    let (status, answer) = video_of(mock, &look.id).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["param"], "avatar_id");

    mock.advance(3600.0).await;
    let trained = get_look(client, &look.id).await;
    assert_eq!(status_of(&trained).as_deref(), Some("completed"));
    let preview = mock
        .http
        .get(trained.preview_image_url.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&preview[..2], b"\xFF\xD8", "a JPEG preview");
    // Announced once trained, about the look.
    let (status, events) = mock
        .get_json(&format!("/v3/webhooks/events?entity_id={}", look.id))
        .await;
    assert_eq!(status, 200, "{events}");
    assert_eq!(
        events["data"][0]["event_type"],
        "photo_avatar_train.success"
    );
    assert_eq!(
        events["data"][0]["event_data"]["avatar_id"],
        look.id.as_str()
    );
    assert_eq!(
        group_status(&get_group(client, &group.id).await).as_deref(),
        Some("completed")
    );

    // Listed first among the account's own, and under its group.
    let own = client
        .list_avatar_groups_v3()
        .ownership("private")
        .send()
        .await
        .unwrap();
    assert_eq!(own.data[0].id, group.id);
    let in_group = client
        .list_avatar_looks_v3()
        .group_id(&group.id)
        .send()
        .await
        .unwrap();
    assert_eq!(in_group.data.len(), 1);
    assert_eq!(in_group.data[0].id, look.id);
    let photo_looks = client
        .list_avatar_looks_v3()
        .ownership("private")
        .avatar_type("photo_avatar")
        .send()
        .await
        .unwrap();
    assert!(photo_looks.data.iter().any(|l| l.id == look.id));

    // The trained look makes a v3 video, which completes.
    let video = client
        .create_video_v3()
        .body(body::<types::CreateVideoV3Request>(json!({
            "type": "avatar", "avatar_id": look.id, "script": "Made from my photo.", "voice_id": VOICE
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    mock.advance(600.0).await;
    let made = heygen_api::wait::wait_for_v3::<types::VideoV3>(
        client,
        &video.video_id,
        &heygen_tests::quick_wait(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(made.status, types::VideoStatusV3::Completed);
    assert!(made.video_url.is_some());
    (look.id, group.id)
}

/// A digital twin waits for its group's consent: the consent page approves it (and redirects
/// to `reroute_url`); a submitted consent video approves another at once.
async fn twin_and_consent(mock: &Mock, client: &Client) {
    let created = create(
        client,
        json!({"type": "digital_twin", "name": "Me on camera",
               "file": {"type": "url", "url": "https://example.com/footage.mp4"}}),
    )
    .await;
    let look = created.avatar_item.unwrap();
    let group = created.avatar_group.unwrap();
    assert_eq!(look.avatar_type, types::AvatarTypeV3::DigitalTwin);
    assert_eq!(status_of(&look).as_deref(), Some("pending_consent"));
    assert_eq!(group.consent_status.as_deref(), Some("pending"));
    assert_eq!(group_status(&group).as_deref(), Some("pending_consent"));
    mock.advance(3600.0).await;
    assert_eq!(
        status_of(&get_look(client, &look.id).await).as_deref(),
        Some("pending_consent"),
        "trained, but waiting for consent"
    );
    let (status, answer) = video_of(mock, &look.id).await;
    assert_eq!(status, 400, "{answer}");

    // Consent rules: no markup in the text, a video alone.
    let (status, answer) = mock
        .post_json(
            &format!("/v3/avatars/{}/consent", group.id),
            &json!({"consent_text": "I agree <b>fully</b>"}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["param"].clone()),
        (400, json!("consent_text"))
    );
    let (status, answer) = mock
        .post_json(
            &format!("/v3/avatars/{}/consent", group.id),
            &json!({"reroute_url": "https://example.com/done",
                    "consent_video": {"type": "url", "url": "https://example.com/consent.mp4"}}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["param"].clone()),
        (400, json!("consent_video"))
    );
    let missing = client
        .create_avatar_consent_v3()
        .group_id("no-such-group")
        .body(body::<types::CreateAvatarConsentV3Request>(json!({})))
        .send()
        .await;
    assert_eq!(error_status(missing, "an unknown group"), 404);

    let started = client
        .create_avatar_consent_v3()
        .group_id(&group.id)
        .body(body::<types::CreateAvatarConsentV3Request>(
            json!({"reroute_url": "https://example.com/consent-done"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(
        started.avatar_group.consent_status.as_deref(),
        Some("pending")
    );
    let page = started.url.expect("a consent page");
    let opened = mock.http.get(&page).send().await.unwrap();
    assert!(opened.status().is_redirection(), "{}", opened.status());
    assert_eq!(
        opened.headers()["location"],
        "https://example.com/consent-done"
    );
    let again = mock.http.get(&page).send().await.unwrap();
    assert_eq!(again.status(), 404, "the page approves once");
    let approved = get_group(client, &group.id).await;
    assert_eq!(approved.consent_status.as_deref(), Some("approved"));
    assert_eq!(group_status(&approved).as_deref(), Some("completed"));
    let trained = get_look(client, &look.id).await;
    assert!(
        trained.preview_video_url.is_some(),
        "a twin previews as video"
    );
    let (status, answer) = video_of(mock, &look.id).await;
    assert_eq!(status, 200, "{answer}");

    // A consent video approves at once, with no page.
    let other = create(
        client,
        json!({"type": "digital_twin", "name": "Second take",
               "file": {"type": "url", "url": "https://example.com/footage-2.mp4"}}),
    )
    .await
    .avatar_group
    .unwrap();
    let submitted = client
        .create_avatar_consent_v3()
        .group_id(&other.id)
        .body(body::<types::CreateAvatarConsentV3Request>(json!({
            "consent_video": {"type": "url", "url": "https://example.com/consent.mp4"}
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert!(submitted.url.is_none());
    assert_eq!(
        submitted.avatar_group.consent_status.as_deref(),
        Some("approved")
    );
    assert_eq!(
        group_status(&submitted.avatar_group).as_deref(),
        Some("processing")
    );

    // Deleting a group deletes its looks.
    client
        .delete_avatar_group_v3()
        .group_id(&group.id)
        .send()
        .await
        .unwrap();
    let gone = client.get_avatar_look_v3().look_id(&look.id).send().await;
    assert_eq!(error_status(gone, "the group's look went with it"), 404);
    let gone = client
        .get_avatar_group_v3()
        .group_id(&group.id)
        .send()
        .await;
    assert_eq!(error_status(gone, "a deleted group"), 404);
    let (status, answer) = video_of(mock, &look.id).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (404, json!("not_found"))
    );
}

/// A prompt avatar saved to its reference look's group; renames; deleting looks one by one
/// until the group goes too.
async fn prompt_renames_and_deletes(mock: &Mock, client: &Client, look_id: &str, group_id: &str) {
    let prompted = create(
        client,
        json!({"type": "prompt", "name": "Beach version", "prompt": "The same person on a beach",
               "avatar_id": look_id}),
    )
    .await;
    let prompted_look = prompted.avatar_item.unwrap();
    assert_eq!(prompted_look.group_id.as_deref(), Some(group_id));
    assert_eq!(prompted.avatar_group.unwrap().looks_count, 2);
    // A stock look is no reference: it belongs to no group of the account's.
    let (status, answer) = mock
        .post_json(
            "/v3/avatars",
            &json!({"type": "prompt", "name": "x", "prompt": "y", "avatar_id": STOCK_LOOK}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["param"].clone()),
        (400, json!("avatar_id"))
    );

    let renamed = client
        .update_avatar_look_v3()
        .look_id(look_id)
        .body(body::<types::UpdateAvatarLookV3Request>(
            json!({"name": "Office, blue shirt"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(renamed.name, "Office, blue shirt");
    assert_eq!(get_look(client, look_id).await.name, "Office, blue shirt");
    let (status, _) = mock
        .patch_json(
            &format!("/v3/avatars/looks/{look_id}"),
            &json!({"name": "  "}),
        )
        .await;
    assert_eq!(status, 400, "a blank name");
    let missing = client
        .update_avatar_look_v3()
        .look_id("no-such-look")
        .body(body::<types::UpdateAvatarLookV3Request>(
            json!({"name": "x"}),
        ))
        .send()
        .await;
    assert_eq!(error_status(missing, "an unknown look"), 404);

    let deleted = client
        .delete_avatar_look_v3()
        .look_id(look_id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.data.id, look_id);
    assert_eq!(get_group(client, group_id).await.looks_count, 1);
    client
        .delete_avatar_look_v3()
        .look_id(&prompted_look.id)
        .send()
        .await
        .unwrap();
    let gone = client.get_avatar_group_v3().group_id(group_id).send().await;
    assert_eq!(error_status(gone, "the last look took its group"), 404);
    let gone = client.delete_avatar_look_v3().look_id(look_id).send().await;
    assert_eq!(error_status(gone, "a deleted look"), 404);
    let gone = client
        .delete_avatar_group_v3()
        .group_id(group_id)
        .send()
        .await;
    assert_eq!(error_status(gone, "a deleted group"), 404);
    let (status, answer) = mock
        .post_json(
            "/v3/avatars",
            &json!({"type": "photo", "name": "x", "avatar_group_id": group_id,
                    "file": {"type": "url", "url": "https://example.com/p.jpg"}}),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["param"].clone()),
        (404, json!("avatar_group_id"))
    );
}

/// Bad inputs, a forced training failure, and a create replayed by its `Idempotency-Key`.
async fn create_errors_and_idempotency(mock: &Mock, client: &Client) {
    let cases = [
        (
            json!({"type": "photo", "name": "x", "file": {"type": "asset_id", "asset_id": "nope"}}),
            404,
            "file.asset_id",
        ),
        (
            json!({"type": "photo", "name": "x", "file": {"type": "url", "url": "ftp://example.com/p.jpg"}}),
            400,
            "file.url",
        ),
        (
            json!({"type": "photo", "name": " ", "file": {"type": "url", "url": "https://example.com/p.jpg"}}),
            400,
            "name",
        ),
        (
            json!({"type": "prompt", "name": "x", "prompt": "y",
                   "reference_images": [{"type": "base64", "media_type": "image/png", "data": "!!"}]}),
            400,
            "reference_images[0].data",
        ),
        (
            json!({"type": "prompt", "name": "x", "prompt": "y", "avatar_id": "no-such-look"}),
            404,
            "avatar_id",
        ),
    ];
    for (request, expected, param) in cases {
        let (status, answer) = mock.post_json("/v3/avatars", &request).await;
        assert_eq!(status, expected, "{request} → {answer}");
        assert_eq!(answer["error"]["param"], param, "{request} → {answer}");
    }
    let (status, answer) = mock
        .post_json(
            "/v3/avatars",
            &json!({"type": "video", "name": "x", "file": {"type": "url", "url": "https://example.com/v.mp4"}}),
        )
        .await;
    assert_eq!(status, 400, "v3's type is digital_twin now: {answer}");

    // A forced failure: failed, with a reason, on the look and its group.
    let response = mock
        .http
        .post(format!("{}/v3/avatars", mock.url()))
        .header("X-Api-Key", heygen_tests::API_KEY)
        .header("X-Mock-Outcome", "failed")
        .header("X-Mock-Error-Message", "No face found in the photo")
        .json(&json!({"type": "photo", "name": "Blurry",
                      "file": {"type": "url", "url": "https://example.com/blurry.jpg"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    let look_id = created["data"]["avatar_item"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let group_id = created["data"]["avatar_group"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    mock.advance(3600.0).await;
    let failed = get_look(client, &look_id).await;
    assert_eq!(status_of(&failed).as_deref(), Some("failed"));
    assert_eq!(
        failed.error.as_ref().map(|e| e.message.as_str()),
        Some("No face found in the photo")
    );
    let group = get_group(client, &group_id).await;
    assert_eq!(group_status(&group).as_deref(), Some("failed"));
    assert!(group.error.is_some());
    let (status, _) = video_of(mock, &look_id).await;
    assert_eq!(status, 400, "a failed look makes no video");

    // The same Idempotency-Key replays the first answer: one avatar, not two.
    let send = || {
        mock.http
            .post(format!("{}/v3/avatars", mock.url()))
            .header("X-Api-Key", heygen_tests::API_KEY)
            .header("Idempotency-Key", "avatar-once")
            .json(&json!({"type": "prompt", "name": "Chef", "prompt": "A chef in a white jacket"}))
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(
        first["data"]["avatar_item"]["id"],
        second["data"]["avatar_item"]["id"]
    );
    let chefs = client
        .list_avatar_looks_v3()
        .ownership("private")
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .into_iter()
        .filter(|l| l.name == "Chef")
        .count();
    assert_eq!(chefs, 1);
}
