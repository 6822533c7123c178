//! HeyGen's v3 avatar routes: groups (`GET /v3/avatars`, `GET`/`DELETE /v3/avatars/{group_id}`),
//! looks (`GET /v3/avatars/looks`, `GET`/`PATCH`/`DELETE /v3/avatars/looks/{look_id}`),
//! `POST /v3/avatars` (photo, digital twin or prompt; trained as a job) and the consent flow
//! (`POST /v3/avatars/{group_id}/consent`, and the page its `url` opens,
//! `/_mock/avatar-consent/{token}`).
//!
//! Three sources answer as one: the account's v3 avatars, its v2 photo avatar groups (private
//! `photo_avatar` looks) and the stock catalogue (public `studio_avatar` looks, whose ids are
//! the `/v2/avatars` ids). Lists put the account's own first, newest first, then the stock
//! ones in catalogue order; their cursor is a position in that order.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use heygen_api::types::{
    CreateAvatarConsentV3Request, CreateAvatarV3Request as Create, UpdateAvatarLookV3Request,
    V3AssetInput,
};
use serde::{Deserialize, Serialize};

use super::{
    AvatarsArea, STOCK_CREATED_AT,
    model::{Consent, Group, IMAGE_SIZE, LookView, Source, Status, TrainedLook},
};
use crate::{
    areas::photo_avatars::LookView as PhotoLook,
    catalogue::AvatarFixture,
    core::{
        envelope::{Generation, V3, v3},
        error::ApiError,
        extract::{ApiJson, ApiQuery},
        ids::new_id,
        inputs::check_url,
        jobs::{ForcedOutcome, NewJob, Outcome},
        layers,
        media::{Links, preview_link},
        pagination::{Page, PageQuery, PageRequest},
    },
};

/// Engines the stock (studio) avatars render with.
const STUDIO_ENGINES: [&str; 2] = ["avatar_iv", "avatar_iii"];
/// Engines v2 photo avatar looks render with.
const PHOTO_ENGINES: [&str; 1] = ["avatar_iv"];
/// The consent page's path: it stands in for HeyGen's web app, so it lives under `/_mock` (as
/// the OAuth consent's form target does), without the `/_mock` key: it carries its token.
const CONSENT_PAGE: &str = "/_mock/avatar-consent";

/// The v3 avatar routes, and the public consent page.
pub fn routes(area: Arc<AvatarsArea>) -> Router {
    let core = area.core.clone();
    let routes = Router::new()
        .route("/v3/avatars", get(list_groups).post(create))
        .route("/v3/avatars/looks", get(list_looks))
        .route(
            "/v3/avatars/looks/{look_id}",
            get(look).patch(rename).delete(delete_look),
        )
        .route("/v3/avatars/{group_id}", get(group).delete(delete_group))
        .route(
            "/v3/avatars/{group_id}/consent",
            axum::routing::post(consent),
        );
    // The page a person opens in a browser: it carries a one-time token, not an API key.
    let page = Router::new().route(&format!("{CONSENT_PAGE}/{{token}}"), get(consent_page));
    let page = layers::public(&core, Generation::V3, page);
    layers::authenticated(
        &core,
        Generation::V3,
        layers::idempotent(&core, crate::BODY_LIMIT, routes),
    )
    .merge(page)
    .with_state(area)
}

/// Why training failed.
#[derive(Debug, Clone, Serialize)]
struct ErrorV3 {
    code: String,
    message: String,
}

/// A group as v3 shows it.
#[derive(Debug, Clone, Serialize)]
struct GroupV3 {
    id: String,
    name: String,
    created_at: i64,
    looks_count: usize,
    preview_image_url: Option<String>,
    preview_video_url: Option<String>,
    gender: Option<String>,
    default_voice_id: Option<String>,
    consent_status: Option<&'static str>,
    status: Option<&'static str>,
    error: Option<ErrorV3>,
    /// Not on the wire: private groups are the account's own.
    #[serde(skip)]
    private: bool,
    /// Not on the wire: orders the account's own newest first.
    #[serde(skip)]
    created_ms: u64,
}

/// A look as v3 shows it.
#[derive(Debug, Clone, Serialize)]
struct LookV3 {
    id: String,
    name: String,
    avatar_type: &'static str,
    group_id: Option<String>,
    preview_image_url: Option<String>,
    preview_video_url: Option<String>,
    gender: Option<String>,
    tags: Vec<String>,
    default_voice_id: Option<String>,
    supported_api_engines: Vec<&'static str>,
    image_width: Option<u32>,
    image_height: Option<u32>,
    preferred_orientation: Option<&'static str>,
    status: Option<&'static str>,
    error: Option<ErrorV3>,
    #[serde(skip)]
    private: bool,
    #[serde(skip)]
    created_ms: u64,
}

/// `landscape`, `portrait` or `square` for an image of this size.
fn orientation((width, height): (u32, u32)) -> &'static str {
    match width.cmp(&height) {
        std::cmp::Ordering::Greater => "landscape",
        std::cmp::Ordering::Less => "portrait",
        std::cmp::Ordering::Equal => "square",
    }
}

impl From<LookView> for LookV3 {
    fn from(v: LookView) -> Self {
        let done = v.status == Status::Completed;
        Self {
            id: v.id,
            name: v.name,
            avatar_type: v.source.avatar_type(),
            group_id: Some(v.group_id),
            preview_image_url: v.preview_image_url,
            preview_video_url: v.preview_video_url,
            gender: None,
            tags: Vec::new(),
            default_voice_id: None,
            supported_api_engines: v.source.engines().to_vec(),
            image_width: done.then_some(IMAGE_SIZE.0),
            image_height: done.then_some(IMAGE_SIZE.1),
            preferred_orientation: done.then(|| orientation(IMAGE_SIZE)),
            status: Some(v.status.as_str()),
            error: v.failure.map(|f| ErrorV3 {
                code: f.v3_code(),
                message: f.summary(),
            }),
            private: true,
            created_ms: v.created_ms,
        }
    }
}

/// A v2 photo avatar look's status in v3 words.
fn photo_status(status: &str) -> Status {
    match status {
        "completed" => Status::Completed,
        "failed" => Status::Failed,
        _ => Status::Processing,
    }
}

/// A failed v2 photo avatar look's error: the v2 routes keep no reason, so HeyGen's v2 wording.
fn photo_failure() -> ErrorV3 {
    ErrorV3 {
        code: "training_failed".into(),
        message: "Photo avatar look failed".into(),
    }
}

impl From<PhotoLook> for LookV3 {
    fn from(v: PhotoLook) -> Self {
        let status = photo_status(v.status);
        let done = status == Status::Completed;
        Self {
            id: v.id,
            name: v.name,
            avatar_type: "photo_avatar",
            group_id: Some(v.group_id),
            preview_image_url: (!v.image_url.is_empty()).then_some(v.image_url),
            preview_video_url: v.motion_preview_url,
            gender: None,
            tags: Vec::new(),
            default_voice_id: v.default_voice_id,
            supported_api_engines: PHOTO_ENGINES.to_vec(),
            image_width: done.then_some(IMAGE_SIZE.0),
            image_height: done.then_some(IMAGE_SIZE.1),
            preferred_orientation: done.then(|| orientation(IMAGE_SIZE)),
            status: Some(status.as_str()),
            error: (status == Status::Failed).then(photo_failure),
            private: true,
            created_ms: (v.created_at * 1000.0) as u64,
        }
    }
}

/// A stock avatar as a public look.
fn stock_look(a: &AvatarFixture, base: &str) -> LookV3 {
    // The stock previews are 16:9 renders.
    let size = (1920, 1080);
    LookV3 {
        id: a.avatar_id.clone(),
        name: a.avatar_name.clone(),
        avatar_type: "studio_avatar",
        group_id: Some(a.group().to_owned()),
        preview_image_url: Some(preview_link(base, "image.jpg", &a.avatar_id)),
        preview_video_url: Some(preview_link(base, "video.mp4", &a.avatar_id)),
        gender: Some(a.gender.clone()),
        tags: a.tags.clone(),
        default_voice_id: a.default_voice_id.clone(),
        supported_api_engines: STUDIO_ENGINES.to_vec(),
        image_width: Some(size.0),
        image_height: Some(size.1),
        preferred_orientation: Some(orientation(size)),
        status: None,
        error: None,
        private: false,
        created_ms: (STOCK_CREATED_AT * 1000.0) as u64,
    }
}

impl AvatarsArea {
    /// The account's v3 looks at `links.now()`, in creation order.
    fn trained_looks(&self, links: &Links<'_>) -> Vec<LookView> {
        let groups = self.groups.all();
        let awaiting = |group_id: &str| {
            groups
                .iter()
                .any(|g| g.id == group_id && g.consent.is_pending())
        };
        let looks = self.looks.lock();
        let mut views: Vec<LookView> = looks
            .newest_first(None)
            .map(|(_, id, job)| TrainedLook::view(id, job, awaiting(&job.data.group_id), links))
            .collect();
        views.reverse();
        views
    }

    /// Every look: the account's own (v3 and v2 photo avatars), newest first, then the stock
    /// ones in catalogue order.
    fn all_looks(&self, base: &str, links: &Links<'_>) -> Vec<LookV3> {
        let mut own: Vec<LookV3> = self
            .trained_looks(links)
            .into_iter()
            .map(LookV3::from)
            .collect();
        for group in self.photo_avatars.groups(links) {
            own.extend(
                self.photo_avatars
                    .group_looks(&group.id, links)
                    .unwrap_or_default()
                    .into_iter()
                    .map(LookV3::from),
            );
        }
        own.sort_by_key(|item| std::cmp::Reverse(item.created_ms));
        own.extend(self.catalogue.avatars.iter().map(|a| stock_look(a, base)));
        own
    }

    /// One look from any source.
    fn find_look(&self, id: &str, base: &str, links: &Links<'_>) -> Option<LookV3> {
        {
            // Lock order: looks, then groups (nothing holds groups while taking looks).
            let looks = self.looks.lock();
            if let Some(job) = looks.get(id) {
                let awaiting = self
                    .groups
                    .get(&job.data.group_id)
                    .is_some_and(|g| g.consent.is_pending());
                return Some(LookV3::from(TrainedLook::view(id, job, awaiting, links)));
            }
        }
        if let Some(look) = self.photo_avatars.look(id, links) {
            return Some(LookV3::from(look));
        }
        self.catalogue.avatar(id).map(|a| stock_look(a, base))
    }

    /// A v3 group with its looks' counts, previews and aggregate status.
    fn group_of(&self, group: &Group, looks: &[LookView]) -> GroupV3 {
        let members: Vec<&LookView> = looks.iter().filter(|l| l.group_id == group.id).collect();
        let status = if group.consent.is_pending() {
            Status::PendingConsent
        } else if members.iter().any(|l| l.status == Status::Completed) {
            Status::Completed
        } else if members.iter().any(|l| l.status == Status::Processing) {
            Status::Processing
        } else {
            Status::Failed
        };
        let shown = members
            .iter()
            .find(|l| l.status == Status::Completed)
            .or_else(|| members.first());
        let error = (status == Status::Failed)
            .then(|| members.iter().find_map(|l| l.failure.as_ref()))
            .flatten()
            .map(|f| ErrorV3 {
                code: f.v3_code(),
                message: f.summary(),
            });
        GroupV3 {
            id: group.id.clone(),
            name: group.name.clone(),
            created_at: (group.created_ms / 1000) as i64,
            looks_count: members.len(),
            preview_image_url: shown.and_then(|l| l.preview_image_url.clone()),
            preview_video_url: shown.and_then(|l| l.preview_video_url.clone()),
            gender: None,
            default_voice_id: None,
            consent_status: group.consent.as_str(),
            status: Some(status.as_str()),
            error,
            private: true,
            created_ms: group.created_ms,
        }
    }

    /// Every group: the account's own (v3 and v2 photo avatars), newest first, then the
    /// stock ones in catalogue order.
    fn all_groups(&self, base: &str, links: &Links<'_>) -> Vec<GroupV3> {
        let looks = self.trained_looks(links);
        let mut own: Vec<GroupV3> = self
            .groups
            .all()
            .iter()
            .map(|g| self.group_of(g, &looks))
            .collect();
        own.extend(self.photo_avatars.groups(links).into_iter().map(|g| {
            let status = self
                .photo_avatars
                .look(&g.id, links)
                .map_or(Status::Processing, |l| photo_status(l.status));
            GroupV3 {
                id: g.id,
                name: g.name,
                created_at: g.created_at as i64,
                looks_count: g.num_looks,
                preview_image_url: g.preview_image_url,
                preview_video_url: None,
                gender: None,
                default_voice_id: None,
                consent_status: None,
                status: Some(status.as_str()),
                error: (status == Status::Failed).then(photo_failure),
                private: true,
                created_ms: (g.created_at * 1000.0) as u64,
            }
        }));
        own.sort_by_key(|item| std::cmp::Reverse(item.created_ms));
        own.extend(
            self.catalogue
                .avatar_groups()
                .into_iter()
                .map(|(id, looks)| GroupV3 {
                    id: id.to_owned(),
                    name: id.to_owned(),
                    created_at: STOCK_CREATED_AT as i64,
                    looks_count: looks.len(),
                    preview_image_url: looks
                        .first()
                        .map(|a| preview_link(base, "image.jpg", &a.avatar_id)),
                    preview_video_url: looks
                        .first()
                        .map(|a| preview_link(base, "video.mp4", &a.avatar_id)),
                    gender: looks.first().map(|a| a.gender.clone()),
                    default_voice_id: looks.first().and_then(|a| a.default_voice_id.clone()),
                    consent_status: None,
                    status: None,
                    error: None,
                    private: false,
                    created_ms: (STOCK_CREATED_AT * 1000.0) as u64,
                }),
        );
        own
    }

    /// One group from any source.
    fn find_group(&self, id: &str, base: &str, links: &Links<'_>) -> Option<GroupV3> {
        self.all_groups(base, links)
            .into_iter()
            .find(|g| g.id == id)
    }

    /// One of the account's v3 groups that new looks may join (`at` names the field): 404 when
    /// there is no group by that id, 400 when it is a stock or v2 photo avatar group.
    fn own_group(
        &self,
        id: &str,
        at: &str,
        base: &str,
        links: &Links<'_>,
    ) -> Result<Group, ApiError> {
        if let Some(group) = self.groups.get(id) {
            return Ok(group);
        }
        match self.find_group(id, base, links) {
            Some(_) => Err(ApiError::invalid(format!(
                "{at}: avatar group {id} is not one made with POST /v3/avatars"
            ))
            .with_param(at)),
            None => Err(ApiError::not_found("avatar group", id).with_param(at)),
        }
    }
}

fn group_not_found(id: &str) -> ApiError {
    ApiError::not_found("avatar group", id).with_param("group_id")
}

fn look_not_found(id: &str) -> ApiError {
    ApiError::not_found("avatar look", id).with_param("look_id")
}

/// `ownership`: HeyGen's public avatars or the account's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Ownership {
    Public,
    Private,
}

impl Ownership {
    fn admits(filter: Option<Self>, private: bool) -> bool {
        match filter {
            None => true,
            Some(Ownership::Private) => private,
            Some(Ownership::Public) => !private,
        }
    }
}

/// `avatar_type` of the looks list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AvatarType {
    StudioAvatar,
    DigitalTwin,
    PhotoAvatar,
}

impl AvatarType {
    fn as_str(self) -> &'static str {
        match self {
            AvatarType::StudioAvatar => "studio_avatar",
            AvatarType::DigitalTwin => "digital_twin",
            AvatarType::PhotoAvatar => "photo_avatar",
        }
    }
}

#[derive(Debug, Deserialize)]
struct GroupsQuery {
    ownership: Option<Ownership>,
    limit: Option<u32>,
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LooksQuery {
    group_id: Option<String>,
    avatar_type: Option<AvatarType>,
    ownership: Option<Ownership>,
    limit: Option<u32>,
    token: Option<String>,
}

/// Checks `limit` (1 to 50, 20 by default) and `token`.
fn page_request(limit: Option<u32>, token: Option<String>) -> Result<PageRequest, ApiError> {
    PageQuery { limit, token }.request(20, 50)
}

/// One page of `items`, whose cursor is a position in their order.
fn page_of<T>(items: Vec<T>, page: PageRequest) -> Page<T> {
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (i as u64, item))
        .filter(|(i, _)| page.after.is_none_or(|after| *i > after));
    Page::of(items, page.limit)
}

async fn list_groups(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<GroupsQuery>,
) -> Result<Json<Page<GroupV3>>, ApiError> {
    let page = page_request(query.limit, query.token)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let groups: Vec<GroupV3> = area
        .all_groups(&base, &links)
        .into_iter()
        .filter(|g| Ownership::admits(query.ownership, g.private))
        .collect();
    Ok(Json(page_of(groups, page)))
}

async fn list_looks(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<LooksQuery>,
) -> Result<Json<Page<LookV3>>, ApiError> {
    let page = page_request(query.limit, query.token)?;
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let looks: Vec<LookV3> = area
        .all_looks(&base, &links)
        .into_iter()
        .filter(|l| Ownership::admits(query.ownership, l.private))
        .filter(|l| {
            query
                .avatar_type
                .is_none_or(|t| l.avatar_type == t.as_str())
        })
        .filter(|l| {
            query
                .group_id
                .as_deref()
                .is_none_or(|g| l.group_id.as_deref() == Some(g))
        })
        .collect();
    Ok(Json(page_of(looks, page)))
}

async fn look(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(look_id): Path<String>,
) -> Result<Json<V3<LookV3>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    area.find_look(&look_id, &base, &links)
        .map(v3)
        .ok_or_else(|| look_not_found(&look_id))
}

async fn group(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(group_id): Path<String>,
) -> Result<Json<V3<GroupV3>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    area.find_group(&group_id, &base, &links)
        .map(v3)
        .ok_or_else(|| group_not_found(&group_id))
}

/// A name that is not blank (`at` names the field).
fn check_name(name: &str, at: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid(format!("{at} must not be empty")).with_param(at));
    }
    Ok(())
}

/// Stock looks are HeyGen's: they cannot be renamed or deleted.
fn refuse_stock(look: &LookV3, what: &str) -> Result<(), ApiError> {
    if look.private {
        return Ok(());
    }
    Err(ApiError::invalid(format!(
        "{what} is only supported for photo avatar and digital twin looks; {} is a studio avatar",
        look.id
    ))
    .with_param("look_id"))
}

async fn rename(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(look_id): Path<String>,
    ApiJson(request): ApiJson<UpdateAvatarLookV3Request>,
) -> Result<Json<V3<LookV3>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let look = area
        .find_look(&look_id, &base, &links)
        .ok_or_else(|| look_not_found(&look_id))?;
    refuse_stock(&look, "Renaming")?;
    if let Some(name) = request.name.map(String::from) {
        check_name(&name, "name")?;
        let renamed = match area.looks.lock().get_mut(&look_id) {
            Some(job) => {
                job.data.name = name.clone();
                true
            }
            None => false,
        };
        if !renamed && !area.photo_avatars.rename(&look_id, &name) {
            return Err(look_not_found(&look_id));
        }
    }
    area.find_look(&look_id, &base, &links)
        .map(v3)
        .ok_or_else(|| look_not_found(&look_id))
}

#[derive(Debug, Serialize)]
struct Deleted {
    id: String,
}

async fn delete_look(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(look_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let look = area
        .find_look(&look_id, &base, &links)
        .ok_or_else(|| look_not_found(&look_id))?;
    refuse_stock(&look, "Deleting")?;
    let emptied = {
        let mut looks = area.looks.lock();
        looks.remove(&look_id).map(|job| {
            let group_id = job.data.group_id;
            let left = looks
                .newest_first(None)
                .any(|(_, _, other)| other.data.group_id == group_id);
            (!left).then_some(group_id)
        })
    };
    match emptied {
        // The last look of a group takes the group with it.
        Some(Some(group_id)) => drop(area.groups.remove(&group_id)),
        Some(None) => {}
        None => {
            area.photo_avatars
                .delete(&look_id)
                .ok_or_else(|| look_not_found(&look_id))?;
        }
    }
    Ok(v3(Deleted { id: look_id }))
}

async fn delete_group(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(group_id): Path<String>,
) -> Result<Json<V3<Deleted>>, ApiError> {
    if area.groups.remove(&group_id) {
        let mut looks = area.looks.lock();
        let members: Vec<String> = looks
            .newest_first(None)
            .filter(|(_, _, job)| job.data.group_id == group_id)
            .map(|(_, id, _)| id.to_owned())
            .collect();
        for id in members {
            looks.remove(&id);
        }
        return Ok(v3(Deleted { id: group_id }));
    }
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let group = area
        .find_group(&group_id, &base, &links)
        .ok_or_else(|| group_not_found(&group_id))?;
    if !group.private {
        return Err(ApiError::invalid(format!(
            "avatar group {group_id} is public: public groups cannot be deleted"
        ))
        .with_param("group_id"));
    }
    area.photo_avatars
        .delete(&group_id)
        .ok_or_else(|| group_not_found(&group_id))?;
    Ok(v3(Deleted { id: group_id }))
}

#[derive(Debug, Serialize)]
struct Created {
    avatar_item: LookV3,
    avatar_group: GroupV3,
}

/// A checked create body: what to train, and into which group.
struct Plan {
    source: Source,
    name: String,
    /// An existing group of the account's, or `None` for a new one.
    group: Option<Group>,
}

impl AvatarsArea {
    /// Checks a create body (what the schema cannot say).
    fn plan(&self, request: &Create, base: &str, links: &Links<'_>) -> Result<Plan, ApiError> {
        let group_of = |id: Option<&String>| {
            id.map(|id| self.own_group(id, "avatar_group_id", base, links))
                .transpose()
        };
        let (source, name, group) = match request {
            Create::PhotoAvatarV3(r) => {
                self.assets.check_input(&r.file, "file", &["image"])?;
                (
                    Source::Photo,
                    &r.name,
                    group_of(r.avatar_group_id.as_ref())?,
                )
            }
            Create::DigitalTwinV3(r) => {
                self.assets.check_input(&r.file, "file", &["video"])?;
                (
                    Source::DigitalTwin,
                    &r.name,
                    group_of(r.avatar_group_id.as_ref())?,
                )
            }
            Create::PromptAvatarV3(r) => {
                if r.prompt.trim().is_empty() {
                    return Err(ApiError::invalid("prompt must not be empty").with_param("prompt"));
                }
                for (i, image) in r.reference_images.iter().flatten().enumerate() {
                    self.check_image(image, &format!("reference_images[{i}]"))?;
                }
                let mut group = group_of(r.avatar_group_id.as_ref())?;
                if let Some(avatar_id) = &r.avatar_id {
                    let reference = self.reference_group(avatar_id)?;
                    match &group {
                        Some(g) if g.id != reference.id => {
                            return Err(ApiError::invalid(format!(
                                "avatar_id: look {avatar_id} does not belong to avatar group {}",
                                g.id
                            ))
                            .with_param("avatar_id"));
                        }
                        Some(_) => {}
                        None => group = Some(reference),
                    }
                }
                (Source::Prompt, &r.name, group)
            }
        };
        check_name(name, "name")?;
        Ok(Plan {
            source,
            name: name.clone(),
            group,
        })
    }

    /// An image input (`at` names the field).
    fn check_image(&self, input: &V3AssetInput, at: &str) -> Result<(), ApiError> {
        self.assets.check_input(input, at, &["image"]).map(drop)
    }

    /// The group of a prompt's reference look: one of the account's v3 looks that has
    /// trained (so it has an image).
    fn reference_group(&self, avatar_id: &str) -> Result<Group, ApiError> {
        let at = "avatar_id";
        let group_id = {
            let looks = self.looks.lock();
            looks.get(avatar_id).map(|job| job.data.group_id.clone())
        };
        let Some(group_id) = group_id else {
            // A stock or v2 look exists but belongs to no group a prompt avatar can join.
            self.usable_look(avatar_id, at)?;
            return Err(ApiError::invalid(format!(
                "avatar_id: {avatar_id} is not one of your avatars made with POST /v3/avatars"
            ))
            .with_param(at));
        };
        if self.trained_status(avatar_id) != Some(Status::Completed) {
            return Err(ApiError::invalid(format!(
                "avatar_id: avatar {avatar_id} has no usable image until it has trained"
            ))
            .with_param(at));
        }
        self.groups
            .get(&group_id)
            .ok_or_else(|| ApiError::not_found("avatar group", &group_id).with_param(at))
    }
}

async fn create(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    forced: ForcedOutcome,
    ApiJson(request): ApiJson<Create>,
) -> Result<Json<V3<Created>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let plan = area.plan(&request, &base, &links)?;
    let twin = plan.source == Source::DigitalTwin;
    let (group_id, new_group) = match plan.group {
        Some(group) => {
            // Footage of a person needs their consent, whichever group it joins.
            if twin && group.consent == Consent::NotRequired {
                area.groups.set_consent(
                    &group.id,
                    Consent::Pending {
                        token: None,
                        reroute_url: None,
                    },
                );
            }
            (group.id, false)
        }
        None => {
            let id = new_id("");
            area.groups.insert(Group {
                id: id.clone(),
                name: plan.name.clone(),
                created_ms: area.core.clock.now_ms(),
                consent: if twin {
                    Consent::Pending {
                        token: None,
                        reroute_url: None,
                    }
                } else {
                    Consent::NotRequired
                },
            });
            (id, true)
        }
    };
    let job = NewJob {
        id_prefix: "",
        estimated_seconds: plan.source.weight(),
        outcome: Outcome::Completed,
    };
    let look = TrainedLook {
        group_id: group_id.clone(),
        name: plan.name,
        source: plan.source,
    };
    let started = area
        .core
        .start_job(&area.looks, job, forced, look)
        .inspect_err(|_| {
            if new_group {
                area.groups.remove(&group_id);
            }
        })?;
    let links = area.core.links(&base);
    let avatar_item = area
        .find_look(&started.id, &base, &links)
        .ok_or_else(|| look_not_found(&started.id))?;
    let avatar_group = area
        .find_group(&group_id, &base, &links)
        .ok_or_else(|| group_not_found(&group_id))?;
    Ok(v3(Created {
        avatar_item,
        avatar_group,
    }))
}

#[derive(Debug, Serialize)]
struct ConsentStarted {
    avatar_group: GroupV3,
    url: Option<String>,
}

async fn consent(
    State(area): State<Arc<AvatarsArea>>,
    headers: HeaderMap,
    Path(group_id): Path<String>,
    ApiJson(request): ApiJson<CreateAvatarConsentV3Request>,
) -> Result<Json<V3<ConsentStarted>>, ApiError> {
    let base = area.core.base_url(&headers);
    let links = area.core.links(&base);
    let no_consent = || {
        ApiError::invalid(format!(
            "avatar group {group_id} needs no consent (only digital twins do)"
        ))
        .with_param("group_id")
    };
    let Some(group) = area.groups.get(&group_id) else {
        return Err(match area.find_group(&group_id, &base, &links) {
            Some(_) => no_consent(),
            None => group_not_found(&group_id),
        });
    };
    if group.consent == Consent::NotRequired {
        return Err(no_consent());
    }
    if let Some(text) = &request.consent_text
        && (text.contains('<') || text.contains('>'))
    {
        return Err(
            ApiError::invalid("consent_text may not contain < or >").with_param("consent_text")
        );
    }
    if let Some(url) = &request.reroute_url {
        check_url(url, "reroute_url")?;
    }
    let url = match &request.consent_video {
        Some(video) => {
            if request.reroute_url.is_some() || request.consent_text.is_some() {
                return Err(ApiError::invalid(
                    "consent_video cannot be combined with reroute_url or consent_text",
                )
                .with_param("consent_video"));
            }
            area.assets
                .check_input(video, "consent_video", &["video"])?;
            // The mock reviews a submitted video at once.
            area.groups.set_consent(&group_id, Consent::Approved);
            None
        }
        None if group.consent == Consent::Approved => None,
        None => {
            let token = new_id("");
            area.groups.set_consent(
                &group_id,
                Consent::Pending {
                    token: Some(token.clone()),
                    reroute_url: request.reroute_url.clone(),
                },
            );
            Some(format!("{base}{CONSENT_PAGE}/{token}"))
        }
    };
    let avatar_group = area
        .find_group(&group_id, &base, &links)
        .ok_or_else(|| group_not_found(&group_id))?;
    Ok(v3(ConsentStarted { avatar_group, url }))
}

/// The consent page: opening it approves the consent (standing in for the person reading and
/// accepting HeyGen's page), then redirects to `reroute_url` or says it is done.
async fn consent_page(
    State(area): State<Arc<AvatarsArea>>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let reroute = area
        .groups
        .approve(&token)
        .ok_or_else(|| ApiError::not_found("consent", &token))?;
    Ok(match reroute {
        Some(url) => Redirect::to(&url).into_response(),
        None => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            Html("<!doctype html><title>Consent recorded</title><p>Consent recorded. You can close this page.</p>"),
        )
            .into_response(),
    })
}
