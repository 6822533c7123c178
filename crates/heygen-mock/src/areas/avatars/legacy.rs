//! The legacy avatar catalogue: `GET /v2/avatars` (avatars and talking photos), the groups
//! (`GET /v2/avatar_group.list`, `GET /v2/avatar_group/{group_id}/avatars`; the account's own
//! are its photo avatar groups),
//! `GET /v2/avatar/{avatar_id}/details` (v2) and `GET /v1/avatar.list` (v1).

use std::sync::Arc;

use axum::{
    Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};

use super::{AvatarsArea, STOCK_CREATED_AT};
use crate::{
    areas::photo_avatars::LookView,
    catalogue::AvatarFixture,
    core::{
        envelope::{Generation, v1, v2},
        error::ApiError,
        extract::ApiQuery,
        layers,
        media::preview_link,
    },
};

/// The legacy avatar routes.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    let core = area.core.clone();
    let v2_routes = Router::new()
        .route("/v2/avatars", get(list))
        .route("/v2/avatar_group.list", get(groups))
        .route("/v2/avatar_group/{group_id}/avatars", get(group_avatars))
        .route("/v2/avatar/{avatar_id}/details", get(details));
    let v1_routes = Router::new().route("/v1/avatar.list", get(list_v1));
    Router::new()
        .merge(layers::authenticated(&core, Generation::V2, v2_routes))
        .merge(layers::authenticated(&core, Generation::V1, v1_routes))
        .with_state(area)
}

#[derive(Serialize)]
struct AvatarList<'a> {
    avatars: Vec<Avatar<'a>>,
    talking_photos: Vec<TalkingPhoto<'a>>,
}

#[derive(Serialize)]
struct Avatar<'a> {
    avatar_id: &'a str,
    avatar_name: &'a str,
    gender: &'a str,
    preview_image_url: String,
    preview_video_url: String,
    premium: bool,
    avatar_styles: &'a [String],
    default_voice_id: Option<&'a str>,
    tags: &'a [String],
}

#[derive(Serialize)]
struct TalkingPhoto<'a> {
    talking_photo_id: &'a str,
    talking_photo_name: &'a str,
    preview_image_url: String,
}

impl<'a> Avatar<'a> {
    fn of(a: &'a AvatarFixture, base: &str) -> Self {
        Avatar {
            avatar_id: &a.avatar_id,
            avatar_name: &a.avatar_name,
            gender: &a.gender,
            preview_image_url: preview_link(base, "image.jpg", &a.avatar_id),
            preview_video_url: preview_link(base, "video.mp4", &a.avatar_id),
            premium: a.premium,
            avatar_styles: &a.avatar_styles,
            default_voice_id: a.default_voice_id.as_deref(),
            tags: &a.tags,
        }
    }
}

async fn list(State(area): State<Arc<AvatarsArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v2/avatars", &base, || {
        let catalogue = &area.catalogue;
        let avatars = catalogue
            .avatars
            .iter()
            .map(|a| Avatar::of(a, &base))
            .collect();
        let talking_photos = catalogue
            .talking_photos
            .iter()
            .map(|t| TalkingPhoto {
                talking_photo_id: &t.talking_photo_id,
                talking_photo_name: &t.talking_photo_name,
                preview_image_url: preview_link(&base, "image.jpg", &t.talking_photo_id),
            })
            .collect();
        v2(AvatarList {
            avatars,
            talking_photos,
        })
        .0
    })
}

#[derive(Serialize)]
struct AvatarListV1<'a> {
    avatars: Vec<Avatar<'a>>,
}

async fn list_v1(State(area): State<Arc<AvatarsArea>>, headers: HeaderMap) -> Response {
    let base = area.core.base_url(&headers);
    area.core.responses.json("v1/avatar.list", &base, || {
        let avatars = area
            .catalogue
            .avatars
            .iter()
            .map(|a| Avatar::of(a, &base))
            .collect();
        v1(AvatarListV1 { avatars }).0
    })
}

#[derive(Deserialize)]
struct GroupsQuery {
    #[serde(default)]
    include_public: bool,
}

#[derive(Serialize)]
struct AvatarGroup<'a> {
    id: &'a str,
    name: &'a str,
    created_at: f64,
    num_looks: usize,
    preview_image_url: Option<String>,
    group_type: &'static str,
    train_status: Option<&'static str>,
    default_voice_id: Option<&'a str>,
}

#[derive(Serialize)]
struct AvatarGroupList<'a> {
    total_count: usize,
    avatar_group_list: Vec<AvatarGroup<'a>>,
}

/// The account's own photo avatar groups (`PRIVATE`), then, with `include_public=true`, the
/// stock catalogue's public groups. Built per request: the account's groups change.
async fn groups(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<GroupsQuery>,
) -> Response {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let own = area.photo_avatars.groups(&links);
    let mut groups: Vec<AvatarGroup<'_>> = own
        .iter()
        .map(|g| AvatarGroup {
            id: &g.id,
            name: &g.name,
            created_at: g.created_at,
            num_looks: g.num_looks,
            preview_image_url: g.preview_image_url.clone(),
            group_type: "PRIVATE",
            train_status: Some(g.train_status),
            default_voice_id: None,
        })
        .collect();
    if query.include_public {
        groups.extend(
            area.catalogue
                .avatar_groups()
                .into_iter()
                .map(|(id, looks)| AvatarGroup {
                    id,
                    name: id,
                    created_at: STOCK_CREATED_AT,
                    num_looks: looks.len(),
                    preview_image_url: looks
                        .first()
                        .map(|a| preview_link(&base, "image.jpg", &a.avatar_id)),
                    group_type: "PUBLIC",
                    train_status: None,
                    default_voice_id: looks.first().and_then(|a| a.default_voice_id.as_deref()),
                }),
        );
    }
    v2(AvatarGroupList {
        total_count: groups.len(),
        avatar_group_list: groups,
    })
    .into_response()
}

#[derive(Serialize)]
struct UpscaleAvailability {
    available: bool,
    reason: Option<&'static str>,
}

/// A look of a group; `avatar_id`/`avatar_name` repeat `id`/`name` because clients read both.
#[derive(Serialize)]
struct AvatarLook<'a> {
    id: &'a str,
    name: &'a str,
    avatar_id: &'a str,
    avatar_name: &'a str,
    image_url: String,
    created_at: f64,
    status: &'static str,
    group_id: &'a str,
    is_motion: bool,
    motion_preview_url: Option<String>,
    business_type: Option<&'static str>,
    upscale_availability: UpscaleAvailability,
    upscaled: bool,
    background_sound_effect: Option<&'static str>,
    default_voice_id: Option<&'a str>,
}

/// The looks of one of the account's groups, in the photo avatars area's shape of the same
/// schema.
#[derive(Serialize)]
struct PhotoAvatarLooks {
    avatar_list: Vec<LookView>,
}

#[derive(Serialize)]
struct AvatarGroupAvatars<'a> {
    avatar_list: Vec<AvatarLook<'a>>,
}

async fn group_avatars(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(group_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let looks: Vec<&AvatarFixture> = area
        .catalogue
        .avatars
        .iter()
        .filter(|a| a.group() == group_id)
        .collect();
    if looks.is_empty() {
        // Not a stock group: one of the account's photo avatar groups, or none.
        let links = area.core.links(&base);
        let avatar_list = area
            .photo_avatars
            .group_looks(&group_id, &links)
            .ok_or_else(|| ApiError::not_found("avatar group", &group_id))?;
        return Ok(v2(PhotoAvatarLooks { avatar_list }).into_response());
    }
    let avatar_list = looks
        .into_iter()
        .map(|a| AvatarLook {
            id: &a.avatar_id,
            name: &a.avatar_name,
            avatar_id: &a.avatar_id,
            avatar_name: &a.avatar_name,
            image_url: preview_link(&base, "image.jpg", &a.avatar_id),
            created_at: STOCK_CREATED_AT,
            status: "completed",
            group_id: a.group(),
            is_motion: true,
            motion_preview_url: Some(preview_link(&base, "video.mp4", &a.avatar_id)),
            business_type: Some("public"),
            upscale_availability: UpscaleAvailability {
                available: false,
                reason: Some("stock avatars are already at full resolution"),
            },
            upscaled: false,
            background_sound_effect: None,
            default_voice_id: a.default_voice_id.as_deref(),
        })
        .collect();
    // Serialized here: the answer borrows from the catalogue.
    Ok(v2(AvatarGroupAvatars { avatar_list }).into_response())
}

#[derive(Serialize)]
struct AvatarDetails<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    name: &'a str,
    gender: &'a str,
    preview_image_url: String,
    preview_video_url: String,
    premium: bool,
    is_public: bool,
    default_voice_id: Option<&'a str>,
    tags: &'a [String],
}

async fn details(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(avatar_id): Path<String>,
) -> Result<Response, ApiError> {
    let base = area.core.base_url(&headers);
    let a = area
        .catalogue
        .avatar(&avatar_id)
        .ok_or_else(|| ApiError::not_found("avatar", &avatar_id))?;
    Ok(v2(AvatarDetails {
        kind: "avatar",
        id: &a.avatar_id,
        name: &a.avatar_name,
        gender: &a.gender,
        preview_image_url: preview_link(&base, "image.jpg", &a.avatar_id),
        preview_video_url: preview_link(&base, "video.mp4", &a.avatar_id),
        premium: a.premium,
        is_public: true,
        default_voice_id: a.default_voice_id.as_deref(),
        tags: &a.tags,
    })
    .into_response())
}
