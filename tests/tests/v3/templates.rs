//! HeyGen's v3 templates through the generated client: the list by cursor, a template's
//! variables (filled with defaults, ready to send back) and scenes, and renders with some
//! variables replaced and some scenes chosen, polled as v3 videos; the errors HeyGen's rules
//! imply. Called by the v3 suite, whose coverage check holds every operation here to a success.

use heygen_api::{Client, types, wait::wait_for_video_v3};
use heygen_tests::{Mock, body, quick_wait, refused};
use serde_json::{Value, json};

/// Every `/v3/templates` operation, on one mock whose clock is frozen.
pub async fn exercise(mock: &Mock, client: &Client) {
    let first = client.list_templates_v3().limit(1).send().await.unwrap();
    assert_eq!(first.data.len(), 1);
    assert!(first.has_more);
    let rest = client
        .list_templates_v3()
        .token(first.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(first.data[0].id, "abcdef123456", "catalogue order");
    assert!(
        rest.data.iter().all(|t| t.id != first.data[0].id),
        "no repeats"
    );
    assert!(!rest.data.is_empty() && !rest.has_more);

    let template = client
        .get_template_v3()
        .template_id("abcdef123456")
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(template.name, "Product Announcement");
    assert!(template.created_at.is_some());
    assert_eq!(template.scene_ids.len(), template.scenes.len());
    assert_eq!(
        template.scenes[0].script.as_deref(),
        Some("{{company_name}}")
    );
    let defaults = template.variables.clone();
    assert!(matches!(
        defaults.get("product_image"),
        Some(types::TemplateVariable::ImageVariable(_))
    ));

    // The defaults go back as they came, with one text replaced, over the first scene twice.
    let mut variables = serde_json::to_value(&defaults).unwrap();
    variables["company_name"]["properties"]["content"] = json!("Acme");
    let video = client
        .generate_template_v3()
        .template_id("abcdef123456")
        .idempotency_key("template-render-1")
        .body(body::<types::GenerateTemplateV3Request>(json!({
            "variables": variables,
            "scene_ids": [template.scene_ids[0], template.scene_ids[0]],
            "title": "Acme twice",
            "subtitles": {"preset_name": "classic"},
            "dimension": {"width": 1920, "height": 1080},
            "fps": 30,
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(video.status, types::VideoStatusV3::Pending);
    assert_eq!(video.title.as_deref(), Some("Acme twice"));
    mock.advance(120.0).await;
    let done = wait_for_video_v3(client, &video.id, &quick_wait(), |_| {})
        .await
        .unwrap();
    let srt = mock
        .http
        .get(
            done.subtitle_url
                .as_deref()
                .expect("subtitles imply captions"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        srt.contains("Acme Acme"),
        "the chosen scenes, in order: {srt}"
    );
    assert!(
        !srt.contains("Product Name"),
        "scenes left out are not spoken: {srt}"
    );

    let generate = |value: Value| {
        client
            .generate_template_v3()
            .template_id("abcdef123456")
            .body(body::<types::GenerateTemplateV3Request>(value))
            .send()
    };
    assert_eq!(
        refused(generate(json!({"variables": {}, "scene_ids": ["nope"]})).await),
        (400, Some("scene_ids[0]".into()))
    );
    assert_eq!(
        refused(generate(json!({"variables": {}, "fps": 24})).await),
        (400, Some("fps".into()))
    );
    assert_eq!(
        refused(
            generate(json!({"variables": {}, "dimension": {"width": 720, "height": 1280}})).await
        ),
        (400, Some("dimension".into()))
    );
    let missing = client.get_template_v3().template_id("nope").send().await;
    assert_eq!(refused(missing), (404, Some("template_id".into())));
}
