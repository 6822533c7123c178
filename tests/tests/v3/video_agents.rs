//! HeyGen's v3 Video Agent through the generated client: styles, a `generate` session followed
//! from its prompt through its states to a downloaded video and its `video_agent.success`
//! callback, a `chat` session answered, stopped and revised, its resources and videos, and the
//! errors HeyGen's rules imply. `exercise` is called by the v3 suite, whose coverage check
//! holds every operation here to a success.

use std::time::Duration;

use heygen_api::{
    Client, Error, ResponseValue, types,
    wait::{WaitError, wait_for_v3},
};
use heygen_mock::Config;
use heygen_tests::{Mock, Receiver, body, quick_wait, refused};
use serde_json::{Value, json};

async fn session(client: &Client, id: &str) -> types::VideoAgentSessionV3 {
    client
        .get_video_agent_session_v3()
        .session_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

/// Sends a message to a session (`body` is the request as JSON).
async fn say(
    client: &Client,
    id: &str,
    message: Value,
) -> Result<ResponseValue<types::VideoAgentRunV3Response>, Error<types::V3ErrorResponse>> {
    client
        .send_video_agent_message_v3()
        .session_id(id)
        .body(body::<types::SendVideoAgentMessageV3Request>(message))
        .send()
        .await
}

async fn resource(client: &Client, session_id: &str, id: &str) -> types::VideoAgentResourceV3 {
    client
        .get_video_agent_resource_v3()
        .session_id(session_id)
        .resource_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

async fn videos_of(client: &Client, id: &str) -> Vec<types::VideoV3> {
    client
        .list_video_agent_videos_v3()
        .session_id(id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
}

fn newest_resource(session: &types::VideoAgentSessionV3) -> String {
    session.messages[0]
        .resource_ids
        .as_ref()
        .and_then(|ids| ids.first().cloned())
        .expect("the newest message names a resource")
}

/// Every `/v3/video-agents` operation, on one mock whose clock is frozen (10 s renders a
/// 30-second video; 20 % of it is queue time).
pub async fn exercise(mock: &Mock, client: &Client) {
    use types::VideoAgentSessionV3Status as Status;

    // Styles: all of them, by tag, and by cursor.
    let all = client
        .list_video_agent_styles_v3()
        .limit(100)
        .send()
        .await
        .unwrap();
    assert_eq!(all.data.len(), 8);
    let cinematic = client
        .list_video_agent_styles_v3()
        .tag("cinematic")
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(cinematic.data.len(), 1);
    assert!(cinematic.has_more);
    let rest = client
        .list_video_agent_styles_v3()
        .tag("cinematic")
        .token(cinematic.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.data.len(), 1);
    assert_ne!(rest.data[0].style_id, cinematic.data[0].style_id);
    assert!(
        rest.data[0]
            .tags
            .as_ref()
            .unwrap()
            .contains(&"cinematic".into())
    );
    let preview = rest.data[0].thumbnail_url.as_deref().unwrap();
    assert_eq!(&mock.fetch(preview).await[..2], &[0xFF, 0xD8], "a JPEG");

    // A generate session: the video starts at once, and the session reads as that video.
    let mut hook = Receiver::start(0).await;
    let created = client
        .create_video_agent_v3()
        .idempotency_key("agent-teaser-1")
        .body(body::<types::CreateVideoAgentV3Request>(json!({
            "prompt": "A 20-second teaser for our new headphones. Upbeat!",
            "style_id": "style_vertical_story",
            "files": [{"type": "url", "url": "https://example.com/headphones.png"}],
            "callback_url": hook.url,
            "callback_id": "teaser-42",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(created.status, types::VideoAgentCreatedV3Status::Thinking);
    let video_id = created
        .video_id
        .clone()
        .expect("generate mode starts the video");
    let id = created.session_id.clone();
    let first = session(client, &id).await;
    assert_eq!((first.status, first.progress), (Status::Thinking, 0));
    assert_eq!(
        first.title.as_deref(),
        Some("A 20-second teaser for our new headphones")
    );
    assert_eq!(first.messages.len(), 1);
    let attached = first.messages[0].resource_ids.clone().unwrap();
    let file = resource(client, &id, &attached[0]).await;
    assert_eq!(
        (file.resource_type.as_str(), file.source_type.as_deref()),
        ("image", Some("user_uploaded"))
    );
    assert_eq!(
        file.url.as_deref(),
        Some("https://example.com/headphones.png")
    );

    // 20 s of video renders in 6.7 s: the storyboard at 0.7 s, rendering from 1.3 s.
    mock.advance(1.0).await;
    let reviewing = session(client, &id).await;
    assert_eq!(reviewing.status, Status::Reviewing);
    let draft = resource(client, &id, &newest_resource(&reviewing)).await;
    assert_eq!(draft.resource_type, "draft");
    let plan = draft.metadata.unwrap();
    assert_eq!(plan["orientation"], "portrait", "from the 9:16 style");
    assert_eq!(plan["duration_seconds"], 20.0, "the prompt asked for 20 s");
    assert_eq!(plan["scenes"].as_array().unwrap().len(), 2);
    mock.advance(2.0).await;
    let generating = session(client, &id).await;
    assert_eq!(generating.status, Status::Generating);
    assert!(
        (1..100).contains(&generating.progress),
        "{}",
        generating.progress
    );
    mock.advance(5.0).await;
    let done = session(client, &id).await;
    assert_eq!((done.status, done.progress), (Status::Completed, 100));
    assert_eq!(done.video_id.as_deref(), Some(video_id.as_str()));
    assert_eq!(
        done.messages[0].type_,
        types::VideoAgentMessageV3Type::Resource
    );
    let video = resource(client, &id, &newest_resource(&done)).await;
    assert_eq!(video.resource_type, "video");
    let bytes = mock.fetch(video.url.as_deref().unwrap()).await;
    assert_eq!(&bytes[4..8], b"ftyp", "a real MP4");
    let event = hook.next_accepted().await.json();
    assert_eq!(event["event_type"], "video_agent.success");
    assert_eq!(event["event_data"]["session_id"], id.as_str());
    assert_eq!(event["event_data"]["video_id"], video_id.as_str());
    assert_eq!(event["event_data"]["callback_id"], "teaser-42");
    let videos = videos_of(client, &id).await;
    assert_eq!(videos.len(), 1);
    assert_eq!(videos[0].duration, Some(20.0));
    let generate_session = id;

    // A chat session asks first; a message starts the video; stop fails it; another message
    // renders a revision in the same session.
    let chat = client
        .create_video_agent_v3()
        .body(body::<types::CreateVideoAgentV3Request>(json!({
            "prompt": "Explain our refund policy",
            "mode": "chat",
            "orientation": "landscape",
            "brand_kit_id": "bk_4d2e8f1a6c3b4e07",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert!(chat.video_id.is_none());
    let id = chat.session_id.clone();
    assert_eq!(session(client, &id).await.status, Status::Thinking);
    let early = say(client, &id, json!({"message": "go"})).await;
    assert_eq!(
        refused(early),
        (400, Some("session_id".into())),
        "busy thinking"
    );
    mock.advance(2.0).await;
    let asking = session(client, &id).await;
    assert_eq!(asking.status, Status::WaitingForInput);
    assert!(asking.messages[0].content.contains("Shall I go ahead"));
    let run = say(
        client,
        &id,
        json!({
            "message": "Go ahead, keep it to 15 seconds.",
            "avatar_id": "Angela-inTshirt-20220820",
        }),
    )
    .await
    .unwrap()
    .into_inner()
    .data;
    assert_eq!(run.title.as_deref(), Some("Explain our refund policy"));
    let rendering = session(client, &id).await;
    let stopped_video = rendering.video_id.clone().unwrap();
    mock.advance(1.0).await;
    let board = session(client, &id).await;
    let plan = resource(client, &id, &newest_resource(&board))
        .await
        .metadata
        .unwrap();
    assert_eq!(plan["avatar_id"], "Angela-inTshirt-20220820");
    assert_eq!(plan["duration_seconds"], 15.0);
    assert_eq!(plan["brand_kit_id"], "bk_4d2e8f1a6c3b4e07");
    let stopped = client
        .stop_video_agent_session_v3()
        .session_id(&id)
        .body(types::StopVideoAgentSessionV3Request {})
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.data.session_id, id);
    let failed = session(client, &id).await;
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(
        failed.messages[0].type_,
        types::VideoAgentMessageV3Type::Error
    );
    let revision = say(
        client,
        &id,
        json!({
            "message": "Try again, please.",
            "files": [{"type": "base64", "media_type": "audio/mpeg", "data": "SUQz"}],
        }),
    )
    .await
    .unwrap()
    .into_inner()
    .data;
    assert_ne!(revision.run_id, run.run_id);
    mock.advance(60.0).await;
    let revised = session(client, &id).await;
    assert_eq!(revised.status, Status::Completed);
    assert_ne!(revised.video_id.as_deref(), Some(stopped_video.as_str()));
    let videos = videos_of(client, &id).await;
    assert_eq!(videos.len(), 2, "newest first");
    assert_eq!(videos[1].id, stopped_video);
    assert_eq!(videos[1].failure_code.as_deref(), Some("stopped"));
    assert_eq!(videos[0].status, types::VideoStatusV3::Completed);
    // What was said stays as it was said: the question still names the first presenter.
    let question = revised
        .messages
        .iter()
        .find(|m| m.content.contains("Shall I go ahead"))
        .unwrap();
    assert!(
        !question.content.contains("Angela-inTshirt-20220820"),
        "{}",
        question.content
    );

    // A session stopped while thinking never shows a storyboard; a session whose finished
    // video is deleted still reads as it ended.
    let early = client
        .create_video_agent_v3()
        .body(body::<types::CreateVideoAgentV3Request>(
            json!({"prompt": "Stop me"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    client
        .stop_video_agent_session_v3()
        .session_id(&early.session_id)
        .body(types::StopVideoAgentSessionV3Request {})
        .send()
        .await
        .unwrap();
    mock.advance(60.0).await;
    let stopped_early = session(client, &early.session_id).await;
    assert_eq!(stopped_early.status, Status::Failed);
    assert!(
        stopped_early
            .messages
            .iter()
            .all(|m| !m.content.starts_with("Storyboard")),
        "{:?}",
        stopped_early.messages
    );
    client
        .delete_video_v3()
        .video_id(&video_id)
        .send()
        .await
        .unwrap();
    let without_video = session(client, &generate_session).await;
    assert_eq!(without_video.status, Status::Completed);
    assert!(videos_of(client, &generate_session).await.is_empty());

    // Sessions, newest first, by cursor.
    let newest = client
        .list_video_agent_sessions_v3()
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(newest.data[0].session_id, early.session_id);
    let older = client
        .list_video_agent_sessions_v3()
        .token(newest.next_token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(older.data[0].session_id, id);

    // What HeyGen's rules refuse.
    let create = |value: Value| {
        client
            .create_video_agent_v3()
            .body(body::<types::CreateVideoAgentV3Request>(value))
            .send()
    };
    assert_eq!(
        refused(create(json!({"prompt": "  "})).await),
        (400, Some("prompt".into()))
    );
    assert_eq!(
        refused(create(json!({"prompt": "x", "style_id": "nope"})).await),
        (404, Some("style_id".into()))
    );
    assert_eq!(
        refused(create(json!({"prompt": "x", "avatar_id": "nope"})).await),
        (404, Some("avatar_id".into()))
    );
    assert_eq!(
        refused(create(json!({"prompt": "x", "brand_kit_id": "nope"})).await),
        (404, Some("brand_kit_id".into()))
    );
    // Raw: the generated client's requests are held to the spec, whose `maxItems` this breaks.
    let files = vec![json!({"type": "url", "url": "https://example.com/a.png"}); 21];
    let (status, answer) = mock
        .post_json("/v3/video-agents", &json!({"prompt": "x", "files": files}))
        .await;
    assert_eq!((status, &answer["error"]["param"]), (400, &json!("files")));
    let to_generate = say(client, &generate_session, json!({"message": "more"})).await;
    assert_eq!(refused(to_generate), (400, Some("session_id".into())));
    let missing = client
        .get_video_agent_session_v3()
        .session_id("nope")
        .send()
        .await;
    assert_eq!(refused(missing), (404, Some("session_id".into())));
    let missing = client
        .get_video_agent_resource_v3()
        .session_id(&id)
        .resource_id("nope")
        .send()
        .await;
    assert_eq!(refused(missing), (404, Some("resource_id".into())));
    let (status, _) = mock
        .post_json(
            &format!("/v3/video-agents/{id}/stop"),
            &json!({"now": true}),
        )
        .await;
    assert_eq!(status, 400, "the stop body is an empty object");
}

/// Waiting on a session ends when it waits for input or completes; no credits, no session.
#[tokio::test]
async fn sessions_wait_for_input_and_are_charged_like_videos() {
    use types::VideoAgentSessionV3Status as Status;
    let mock = Mock::with_config(Config {
        job_duration: Duration::ZERO,
        credits: Some(2),
        ..Config::for_tests()
    })
    .await;
    let client = mock.client();
    let chat = client
        .create_video_agent_v3()
        .body(body::<types::CreateVideoAgentV3Request>(json!({
            "prompt": "A welcome video",
            "mode": "chat",
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    assert_eq!(chat.status, types::VideoAgentCreatedV3Status::Thinking);
    let asking: types::VideoAgentSessionV3 =
        wait_for_v3(&client, &chat.session_id, &quick_wait(), |_| {})
            .await
            .unwrap();
    assert_eq!(asking.status, Status::WaitingForInput);
    say(&client, &chat.session_id, json!({"message": "Yes"}))
        .await
        .unwrap();
    let done: types::VideoAgentSessionV3 =
        wait_for_v3(&client, &chat.session_id, &quick_wait(), |_| {})
            .await
            .unwrap();
    assert_eq!(done.status, Status::Completed);

    // A forced failure fails the wait with the agent's error message.
    let doomed = mock
        .http
        .post(format!("{}/v3/video-agents", mock.url()))
        .header("x-api-key", heygen_tests::API_KEY)
        .header("x-mock-outcome", "failed")
        .header("x-mock-error-message", "No presenter fits")
        .json(&json!({"prompt": "Doomed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(doomed.status(), 200);
    let doomed: Value = doomed.json().await.unwrap();
    let doomed_id = doomed["data"]["session_id"].as_str().unwrap();
    let failed =
        wait_for_v3::<types::VideoAgentSessionV3>(&client, doomed_id, &quick_wait(), |_| {}).await;
    match failed {
        Err(WaitError::Failed { message, .. }) => assert_eq!(message, "No presenter fits"),
        other => panic!("expected the session to fail, got {other:?}"),
    }

    // Both credits are spent: the next video is refused, and no session is left behind.
    let broke = client
        .create_video_agent_v3()
        .body(body::<types::CreateVideoAgentV3Request>(
            json!({"prompt": "Another"}),
        ))
        .send()
        .await;
    assert_eq!(refused(broke).0, 402);
    let sessions = client.list_video_agent_sessions_v3().send().await.unwrap();
    assert_eq!(sessions.data.len(), 2);
    let refused_revision = say(&client, &chat.session_id, json!({"message": "Again"})).await;
    assert_eq!(refused(refused_revision).0, 402);
    let unchanged = session(&client, &chat.session_id).await;
    assert_eq!(
        unchanged.status,
        Status::Completed,
        "the refused message left no run"
    );
    assert!(unchanged.messages.iter().all(|m| m.content != "Again"));
}
