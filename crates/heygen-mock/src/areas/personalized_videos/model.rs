//! Personalized video projects and the video each contact gets.

use std::collections::BTreeMap;

use axum::response::Response;
use serde::Serialize;

use crate::core::{
    clock::Millis,
    jobs::{Job, JobData, Phase},
    media::{self, Links},
    webhooks::Event,
};

/// The area's kind: schedule tag and `/media/personalized_videos/…` segment.
pub const KIND: &str = "personalized_videos";

/// A project of the mock's account. Projects are made in HeyGen's web app, not the API, so
/// the mock has a fixed one.
#[derive(Debug)]
pub struct Project {
    /// Its id.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The variables every contact must give.
    pub variables: &'static [&'static str],
    /// How long each contact's video is.
    pub seconds: f64,
}

/// The account's projects.
pub const PROJECTS: [Project; 1] = [Project {
    id: "79c7ea088217434b9796626d93f1ddf7",
    name: "Welcome campaign",
    variables: &["email", "first_name"],
    seconds: 30.0,
}];

/// A project by id.
pub fn project(id: &str) -> Option<&'static Project> {
    PROJECTS.iter().find(|p| p.id == id)
}

/// One contact's video.
#[derive(Debug, Clone)]
pub struct ContactVideo {
    /// The project it belongs to.
    pub project_id: &'static str,
    /// The contact's variables, as added.
    pub contact_info: BTreeMap<String, String>,
}

/// What the API and the webhook event say about a contact's video.
#[derive(Debug, Serialize)]
pub struct ContactVideoView<'a> {
    /// The project.
    pub project_id: &'a str,
    /// The video's id.
    pub video_id: &'a str,
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// The video, once completed.
    pub video_url: Option<String>,
    /// A page that plays it, once completed.
    pub landing_page_url: Option<String>,
    /// An animated preview, once completed.
    pub gif_url: Option<String>,
    /// The preview as an `<img>` to paste in an email, once completed.
    pub gif_html: Option<String>,
    /// The contact's variables.
    pub contact_info: &'a BTreeMap<String, String>,
}

impl ContactVideo {
    /// The view of a stored job at `links.now()`.
    pub fn view<'a>(
        id: &'a str,
        job: &'a Job<ContactVideo>,
        links: &Links<'_>,
    ) -> ContactVideoView<'a> {
        let phase = job.lifecycle.phase(links.now());
        let done = phase == Phase::Completed;
        let gif_url = done.then(|| links.job(KIND, id, "preview.gif"));
        ContactVideoView {
            project_id: job.data.project_id,
            video_id: id,
            status: phase.as_str(),
            video_url: done.then(|| links.job(KIND, id, "video.mp4")),
            landing_page_url: done.then(|| links.job(KIND, id, "page.html")),
            gif_html: gif_url.as_ref().map(|url| {
                format!(
                    r#"<div><img style="height: 270px" src="{url}" alt="preview image" /></div>"#
                )
            }),
            gif_url,
            contact_info: &job.data.contact_info,
        }
    }
}

impl JobData for ContactVideo {
    const KIND: &'static str = KIND;

    fn seed(_now: Millis) -> Vec<(String, Job<Self>)> {
        Vec::new()
    }

    /// `personalized_video` when the video is ready; HeyGen sends nothing for a failed one.
    fn finished(id: &str, job: &Job<Self>, links: &Links<'_>) -> Vec<Event> {
        if job.lifecycle.phase(links.now()) != Phase::Completed {
            return Vec::new();
        }
        serde_json::to_value(ContactVideo::view(id, job, links))
            .map(|mut data| {
                if let Some(object) = data.as_object_mut() {
                    // The event carries the finished video; its status is implied.
                    object.remove("status");
                }
                vec![Event::new("personalized_video", data, None)]
            })
            .unwrap_or_default()
    }

    fn file(job: &Job<Self>, name: &str) -> Option<Response> {
        match name {
            "video.mp4" => Some(media::serve(media::VIDEO_MP4, "video/mp4")),
            "preview.gif" => Some(media::serve(media::PREVIEW_GIF, "image/gif")),
            // A landing page like HeyGen's share page: the video, addressed to the contact.
            "page.html" => {
                let name = job
                    .data
                    .contact_info
                    .get("first_name")
                    .map_or("there", String::as_str);
                let name: String = name
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
                    .collect();
                Some(media::serve_text(
                    format!(
                        "<!doctype html><title>A video for {name}</title>\
                         <h1>Hi {name}!</h1><video src=\"video.mp4\" controls></video>"
                    ),
                    "text/html; charset=utf-8",
                ))
            }
            _ => None,
        }
    }
}
