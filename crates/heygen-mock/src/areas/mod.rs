//! The API areas, one folder each. This is the only file that names every area: it builds
//! them over the core, in dependency order, and merges their routes.
//!
//! An area folder has a `mod.rs` (the area struct, what it registers with the core, and its
//! table of contents), a `model.rs` for job-backed areas (the job data as [`JobData`], its
//! events, files and generation-neutral view) and one file per wire generation
//! (`legacy.rs`; `v3.rs`) that only translates between the wire and the model. Areas import
//! the core and, where a domain needs it, another area (templates → videos, video agents →
//! videos and library (brand kits),
//! videos → avatars, photo avatars, assets and voices, avatars → photo avatars and assets (v3
//! looks and their inputs), photo avatars → assets; lipsyncs, background removals, AI clipping
//! and voices → assets, whose uploads their inputs may name); the core imports no area.
//!
//! [`JobData`]: crate::core::jobs::JobData

pub mod account;
pub mod ai_clipping;
pub mod assets;
pub mod avatars;
pub mod background_removals;
pub mod folders;
pub mod library;
pub mod lipsyncs;
pub mod oauth;
pub mod personalized_videos;
pub mod photo_avatars;
pub mod templates;
pub mod translations;
pub mod video_agents;
pub mod videos;
pub mod voices;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;

use crate::{catalogue::Catalogue, core::Core};

/// Every area's routes: the API, and the area-specific `/_mock` controls.
pub struct Mounted {
    /// HeyGen's API paths.
    pub api: Router,
    /// Area-specific controls under `/_mock` (bulk fill); they need the `/_mock` key.
    pub control: Router,
}

/// Builds every area over the core (registering job tables and event types) and returns
/// their routes.
pub fn mount(core: &Core, catalogue: Arc<Catalogue>) -> Mounted {
    let assets = assets::AssetsArea::new(core.clone(), catalogue.clone());
    let photo_avatars = photo_avatars::PhotoAvatarsArea::new(core.clone(), assets.clone());
    let voices = voices::VoicesArea::new(core.clone(), catalogue.clone(), assets.clone());
    let avatars = avatars::AvatarsArea::new(
        core.clone(),
        catalogue.clone(),
        photo_avatars.clone(),
        assets.clone(),
    );
    let videos = videos::VideosArea::new(
        core.clone(),
        catalogue.clone(),
        photo_avatars.clone(),
        assets.clone(),
        avatars.clone(),
        voices.clone(),
    );
    let lipsyncs = lipsyncs::LipsyncsArea::new(core.clone(), assets.clone());
    let background_removals =
        background_removals::BackgroundRemovalsArea::new(core.clone(), assets.clone());
    let ai_clipping = ai_clipping::AiClippingArea::new(core.clone(), assets.clone());
    let library = library::LibraryArea::new(core.clone());
    let video_agents =
        video_agents::VideoAgentsArea::new(core.clone(), videos.clone(), library.clone());
    let translations =
        translations::TranslationsArea::new(core.clone(), catalogue.clone(), assets.clone());
    let templates = templates::TemplatesArea::new(core.clone(), catalogue.clone(), videos.clone());
    let oauth = oauth::OAuthArea::new(core.clone());
    let api = Router::new()
        .merge(avatars::routes(avatars))
        .merge(voices::routes(voices))
        .merge(videos::routes(videos.clone()))
        .merge(templates::routes(templates))
        .merge(video_agents::routes(video_agents))
        .merge(photo_avatars::routes(photo_avatars))
        .merge(translations::routes(translations))
        .merge(webhooks::routes(webhooks::WebhooksArea::new(core.clone())))
        .merge(oauth::routes(oauth))
        .merge(account::routes(account::AccountArea::new(core.clone())))
        .merge(lipsyncs::routes(lipsyncs))
        .merge(background_removals::routes(background_removals))
        .merge(ai_clipping::routes(ai_clipping))
        .merge(library::routes(library))
        .merge(assets::routes(assets))
        .merge(folders::routes(folders::FoldersArea::new(core.clone())))
        .merge(personalized_videos::routes(
            personalized_videos::PersonalizedVideosArea::new(core.clone()),
        ));
    let control = Router::new().merge(videos::control_routes(videos));
    Mounted { api, control }
}
