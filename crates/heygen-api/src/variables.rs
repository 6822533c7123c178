//! Template variables without the JSON ceremony: text variables as plain strings, the way the
//! tutorial's `generate_template_video` helper formats them, and one method per other type.
//!
//! ```
//! use heygen_api::variables::TemplateVariables;
//! let request = TemplateVariables::from_iter([("company_name", "Acme Corporation"), ("product_name", "Super Widget Pro")])
//!     .image("product_image", "https://example.com/product-image.jpg")
//!     .into_request("Product Launch Video");
//! assert_eq!(request.variables.len(), 3);
//! ```

use std::collections::BTreeMap;

use crate::types::{
    self, AudioVariable, AudioVariableType, AvatarVariable, AvatarVariableProperties,
    AvatarVariableType, ImageVariable, ImageVariableType, MediaVariableProperties,
    TemplateVariable, TextVariable, TextVariableProperties, TextVariableType, VideoVariable,
    VideoVariableType, VoiceVariable, VoiceVariableProperties, VoiceVariableType,
};

/// Filled template variables by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateVariables(BTreeMap<String, TemplateVariable>);

fn media(url: impl Into<String>) -> MediaVariableProperties {
    MediaVariableProperties {
        url: Some(url.into()),
        asset_id: None,
        fit: None,
        play_style: None,
    }
}

impl TemplateVariables {
    /// No variables yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text variable (or avatar script).
    pub fn text(mut self, name: impl Into<String>, content: impl Into<String>) -> Self {
        let name = name.into();
        let var = TextVariable {
            name: name.clone(),
            properties: TextVariableProperties {
                content: content.into(),
            },
            type_: TextVariableType::Text,
        };
        self.0.insert(name, var.into());
        self
    }

    /// An image variable.
    pub fn image(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.with(name, |name| {
            ImageVariable {
                name,
                properties: media(url),
                type_: ImageVariableType::Image,
            }
            .into()
        })
    }

    /// A video variable.
    pub fn video(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.with(name, |name| {
            VideoVariable {
                name,
                properties: media(url),
                type_: VideoVariableType::Video,
            }
            .into()
        })
    }

    /// An audio variable.
    pub fn audio(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.with(name, |name| {
            AudioVariable {
                name,
                properties: media(url),
                type_: AudioVariableType::Audio,
            }
            .into()
        })
    }

    /// An avatar variable.
    pub fn avatar(mut self, name: impl Into<String>, avatar_id: impl Into<String>) -> Self {
        let name = name.into();
        let var = AvatarVariable {
            name: name.clone(),
            properties: AvatarVariableProperties {
                avatar_id: avatar_id.into(),
            },
            type_: AvatarVariableType::Avatar,
        };
        self.0.insert(name, var.into());
        self
    }

    /// A voice variable.
    pub fn voice(mut self, name: impl Into<String>, voice_id: impl Into<String>) -> Self {
        let name = name.into();
        let var = VoiceVariable {
            name: name.clone(),
            properties: VoiceVariableProperties {
                voice_id: voice_id.into(),
            },
            type_: VoiceVariableType::Voice,
        };
        self.0.insert(name, var.into());
        self
    }

    fn with(
        mut self,
        name: impl Into<String>,
        make: impl FnOnce(String) -> TemplateVariable,
    ) -> Self {
        let name = name.into();
        self.0.insert(name.clone(), make(name));
        self
    }

    /// The variables as the request wants them.
    pub fn into_map(self) -> BTreeMap<String, TemplateVariable> {
        self.0
    }

    /// A generate request with these variables and a title (no captions, not test mode).
    pub fn into_request(self, title: impl Into<String>) -> types::TemplateGenerateRequest {
        types::TemplateGenerateRequest {
            variables: self.0,
            title: Some(title.into()),
            caption: Some(false),
            test: Some(false),
            callback_id: None,
            callback_url: None,
            dimension: None,
            include_gif: None,
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for TemplateVariables {
    /// Text variables from `(name, content)` pairs.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        iter.into_iter()
            .fold(Self::new(), |vars, (k, v)| vars.text(k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_like_the_tutorial() {
        let vars = TemplateVariables::from_iter([("company_name", "Acme Corporation")])
            .image("product_image", "https://example.com/product-image.jpg")
            .avatar("presenter", "Angela-inTshirt-20220820");
        let json = serde_json::to_value(vars.into_map()).unwrap();
        assert_eq!(
            json["company_name"],
            serde_json::json!({"name": "company_name", "type": "text", "properties": {"content": "Acme Corporation"}})
        );
        assert_eq!(
            json["product_image"],
            serde_json::json!({"name": "product_image", "type": "image", "properties": {"url": "https://example.com/product-image.jpg"}})
        );
        assert_eq!(
            json["presenter"]["properties"]["avatar_id"],
            "Angela-inTshirt-20220820"
        );
    }
}
