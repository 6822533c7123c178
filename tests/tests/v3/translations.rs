//! HeyGen's v3 video translations through the generated client: languages, a two-language
//! translation with captions and its callback, renaming, listing, batches and bulk statuses,
//! deletion, and the proofreading round trip (the SRT out, corrected with the crate's helper,
//! a bad SRT refused, the video rendered with the corrected captions). Called by the v3 suite,
//! whose coverage check then holds every operation here to a success.

use heygen_api::{
    Client, Error,
    assets::upload_bytes,
    proofread, srt, types,
    wait::{WaitOptions, wait_for_v3},
};
use heygen_tests::{Mock, Receiver, body, quick_wait, refused};
use serde_json::json;

async fn text(mock: &Mock, url: &str) -> String {
    String::from_utf8(mock.fetch(url).await).expect("a text file")
}

/// Every `/v3/video-translations` operation, on one mock whose clock is frozen.
pub async fn exercise(mock: &Mock, client: &Client) {
    let languages = client
        .list_video_translation_languages_v3()
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .languages;
    assert!(languages.iter().any(|l| l == "Spanish"), "{languages:?}");

    // One job per language, announced unsigned to the callback URL.
    let mut callback = Receiver::start(0).await;
    let ids = client
        .create_video_translation_v3()
        .idempotency_key("translation-1")
        .body(body::<types::CreateVideoTranslationV3Request>(json!({
            "video": {"type": "url", "url": "https://example.com/keynote.mp4"},
            "output_languages": ["Spanish", "French"],
            "title": "Keynote",
            "input_language": "English",
            "enable_caption": true,
            "end_time": 12,
            "callback_url": callback.url,
            "callback_id": "keynote-42",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .video_translation_ids;
    assert_eq!(ids.len(), 2);
    let pending = client
        .get_video_translation_v3()
        .video_translation_id(&ids[0])
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(pending.status, types::VideoTranslationStatusV3::Pending);
    assert!(pending.video_url.is_none() && pending.srt_caption_url.is_none());
    mock.advance(120.0).await;
    let done: types::VideoTranslationV3 = wait_for_v3(client, &ids[1], &quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(done.status, types::VideoTranslationStatusV3::Completed);
    assert_eq!(done.output_language.as_deref(), Some("French"));
    assert_eq!(done.input_language.as_deref(), Some("English"));
    assert_eq!(done.duration, Some(12.0), "end_time bounds the translation");
    let mp4 = mock.fetch(done.video_url.as_deref().unwrap()).await;
    assert_eq!(&mp4[4..8], b"ftyp", "a playable MP4");
    let audio = mock.fetch(done.audio_url.as_deref().unwrap()).await;
    assert!(audio.starts_with(b"ID3") || audio[0] == 0xff, "an MP3");
    let cues = srt::parse(&text(mock, done.srt_caption_url.as_deref().unwrap()).await).unwrap();
    assert_eq!(cues.len(), 3, "5-second cues over 12 seconds");
    assert_eq!(cues[2].end, 12.0);
    assert!(cues[0].text.contains("[French]"), "{cues:?}");
    let vtt = text(mock, done.vtt_caption_url.as_deref().unwrap()).await;
    assert!(
        vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n"),
        "{vtt}"
    );
    let delivered = callback.next_accepted().await.json();
    assert_eq!(delivered["event_type"], "video_translate.success");
    assert_eq!(delivered["event_data"]["callback_id"], "keynote-42");

    // The legacy status route reads the same job.
    let legacy = client
        .get_video_translation()
        .video_translate_id(&ids[0])
        .send()
        .await
        .unwrap();
    assert_eq!(legacy.data.status, types::VideoTranslationV2Status::Success);

    let renamed = client
        .update_video_translation_v3()
        .video_translation_id(&ids[0])
        .body(body::<types::UpdateVideoTranslationV3Request>(
            json!({"title": "Keynote (ES)"}),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.data.title.as_deref(), Some("Keynote (ES)"));
    let first = client
        .list_video_translations_v3()
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(first.data[0].id, ids[1], "newest first");
    assert!(first.has_more);

    // What the schema cannot say is refused with the field named.
    let bad_language = client
        .create_video_translation_v3()
        .body(body::<types::CreateVideoTranslationV3Request>(json!({
            "video": {"type": "url", "url": "https://example.com/keynote.mp4"},
            "output_languages": ["Spanish", "Klingon"],
        })))
        .send()
        .await;
    assert_eq!(
        refused(bad_language),
        (400, Some("output_languages[1]".into()))
    );
    let missing_video = client
        .create_video_translation_v3()
        .body(body::<types::CreateVideoTranslationV3Request>(json!({
            "video": {"type": "asset_id", "asset_id": "ast_nope"},
            "output_languages": ["Spanish"],
        })))
        .send()
        .await;
    assert_eq!(refused(missing_video), (404, Some("video.asset_id".into())));

    // A batch: an entry per language, a refused entry recorded, every member in the statuses.
    let batch = client
        .create_video_translation_batch_v3()
        .body(body::<types::CreateVideoTranslationBatchV3Request>(json!({
            "title": "Course",
            "video_translations": [
                {"video": {"type": "url", "url": "https://example.com/l1.mp4"}, "output_languages": ["German", "Japanese"]},
                {"video": {"type": "url", "url": "https://example.com/l2.mp4"}, "output_languages": ["Elvish"]},
            ]
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .batch_id;
    let processing = client
        .get_video_translation_batch_v3()
        .batch_id(&batch)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(processing.total_items, 3);
    assert_eq!(processing.items[2].status, types::BatchItemV3Status::Failed);
    mock.advance(120.0).await;
    let statuses = client
        .list_video_translation_statuses_v3()
        .video_translation_ids(format!("{},vt_nope", ids[0]))
        .batch_ids(&batch)
        .send()
        .await
        .unwrap();
    let by_status: Vec<&str> = statuses.data.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        by_status,
        ["completed", "not_found", "completed", "completed", "failed"]
    );

    proofreading(mock, client).await;

    client
        .delete_video_translation_v3()
        .video_translation_id(&ids[0])
        .send()
        .await
        .unwrap();
    let gone = client
        .get_video_translation_v3()
        .video_translation_id(&ids[0])
        .send()
        .await;
    assert_eq!(refused(gone).0, 404);
}

/// Proofread, correct the script, render: the rendered captions are the corrected script.
async fn proofreading(mock: &Mock, client: &Client) {
    let created = client
        .create_proofread_v3()
        .body(body::<types::CreateProofreadV3Request>(json!({
            "video": {"type": "url", "url": "https://example.com/keynote.mp4"},
            "output_languages": ["Spanish"],
            "title": "Keynote, reviewed",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(created.status, types::ProofreadStatusV3::Processing);
    let id = created.proofread_ids[0].clone();
    let early = client.get_proofread_srt_v3().proofread_id(&id).send().await;
    assert_eq!(refused(early).0, 400, "no SRT before it completes");
    mock.advance(120.0).await;
    let ready: types::ProofreadV3 = wait_for_v3(client, &id, &WaitOptions::default(), |_| {})
        .await
        .unwrap();
    assert_eq!(ready.output_language.as_deref(), Some("Spanish"));
    assert_eq!(ready.submitted_for_review, Some(false));

    let edited = proofread::edit(client, &id, |cues| {
        cues[0].text = "Hola a todos, bienvenidos.".into();
    })
    .await
    .unwrap();
    assert_eq!(edited.id, id);
    let script = proofread::download_srt(client, &id).await.unwrap();
    assert_eq!(script[0].text, "Hola a todos, bienvenidos.");
    let links = client
        .get_proofread_srt_v3()
        .proofread_id(&id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert!(links.original_srt_url.is_none(), "no SRT given at creation");

    // A file whose second cue goes back in time is refused, naming the cue; the script stays.
    let bad = upload_bytes(
        client,
        "bad.srt",
        b"1\n00:00:05,000 --> 00:00:06,000\nUno\n\n2\n00:00:01,000 --> 00:00:02,000\nDos\n"
            .to_vec(),
    )
    .await
    .unwrap();
    let upload = client
        .upload_proofread_srt_v3()
        .proofread_id(&id)
        .body(body::<types::UploadProofreadSrtV3Request>(
            json!({"srt": {"type": "asset_id", "asset_id": bad.asset_id}}),
        ))
        .send()
        .await;
    match upload {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!(e.status(), 400);
            assert!(e.error.message.contains("cue 2"), "{}", e.error.message);
        }
        other => panic!("expected 400, got {other:?}"),
    }
    assert_eq!(
        proofread::download_srt(client, &id).await.unwrap(),
        script,
        "a refused upload changes nothing"
    );

    let generated = client
        .generate_from_proofread_v3()
        .proofread_id(&id)
        .idempotency_key("render-1")
        .body(body::<types::GenerateFromProofreadV3Request>(
            json!({"captions": true, "callback_id": "keynote-es"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    mock.advance(120.0).await;
    let rendered: types::VideoTranslationV3 = wait_for_v3(
        client,
        &generated.video_translation_id,
        &quick_wait(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(rendered.title.as_deref(), Some("Keynote, reviewed"));
    let captions =
        srt::parse(&text(mock, rendered.srt_caption_url.as_deref().unwrap()).await).unwrap();
    assert_eq!(
        captions, script,
        "the render's captions are the corrected script"
    );
    let after = client
        .get_proofread_v3()
        .proofread_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(after.data.submitted_for_review, Some(true));
}
